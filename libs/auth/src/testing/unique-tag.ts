import { randomBytes } from 'node:crypto';

/** A short lower-case tag that keeps one test's rows apart from another's in a shared database. */
export function uniqueTag(): string {
  return `t${randomBytes(5).toString('hex')}`;
}
