import { ValidationFailedError } from '@stepgate/auth';
import type { DocumentEntity } from './document.entity';

/** A document as the client sees it (snake_case, as the wire is), and as the rules name its fields. */
export interface DocumentView {
  readonly id: string;
  readonly title: string;
  readonly owner_id: string;
  readonly department: string | null;
  readonly created_at: string;
}

/** What `@PermittedActions` adds to each document it annotates. */
export type WithPermittedActions<T> = T & { readonly permitted_actions: readonly DocumentAction[] };

export const DOCUMENT_ACTIONS = ['read', 'update', 'delete'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export const MAX_TITLE_LENGTH = 200;

export const viewOf = (row: DocumentEntity): DocumentView => ({
  id: row.id,
  title: row.title,
  owner_id: row.ownerId,
  department: row.department,
  created_at: row.createdAt.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id as stored (lower case), or undefined for anything that is not a UUID: PostgreSQL throws on
 * a malformed uuid, and SQLite would compare another spelling of the same one as a different text.
 */
export function documentIdOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : undefined;
}

// JavaScript's String.prototype.trim set (WhiteSpace and LineTerminator), spelled out so the
// document's pattern means the same to a client's regex engine as to this server's.
const SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * A title holds a character other than white space, and no NUL (PostgreSQL's text refuses it, a
 * 500). A newline is allowed, so the engines that let `$` match before a final newline (Python's,
 * which the API fuzzer uses) accept exactly what this server does.
 */
export const TITLE_PATTERN = `^[^\\u0000]*[^\\u0000${SPACE}][^\\u0000]*$`;
const TITLE = new RegExp(TITLE_PATTERN);
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The title to store: trimmed, checked here as well as by the DTO, because the command can come
 * from the app's own bus without HTTP.
 */
export function titleOf(raw: unknown): string {
  // A lone surrogate is stored as U+FFFD: the title read back would not be the one accepted.
  if (typeof raw !== 'string' || !TITLE.test(raw) || LONE_SURROGATE.test(raw) || [...raw].length > MAX_TITLE_LENGTH) {
    throw new ValidationFailedError([{ field: 'title', message: `title must be 1 to ${MAX_TITLE_LENGTH} characters, not only white space, without NUL or a lone surrogate` }]);
  }
  return raw.trim();
}
