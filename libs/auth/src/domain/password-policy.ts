import { ValidationFailedError } from './auth-error';
import { COMMON_PASSWORDS_TEXT } from './password-policy.common-passwords';

/** Why a password is refused. */
export type WeakPasswordReason = 'too_short' | 'too_long' | 'malformed' | 'common' | 'matches_username';

/** Bounds of the password policy (the `passwordPolicy` option). */
export interface PasswordPolicyOptions {
  /** Fewest Unicode code points, counted after NFKC normalisation; at least 8. @default 8 */
  readonly minLength?: number;
  /**
   * Most code points after NFKC. NIST asks to accept at least 64; the bound keeps one request from
   * making the server normalise and hash an arbitrarily long string. @default 256
   */
  readonly maxLength?: number;
}

/**
 * A password the policy refuses. A `VALIDATION_FAILED` error naming the request field, so a client
 * gets `errors: [{ field, message }]` like any other invalid input.
 */
export class WeakPasswordError extends ValidationFailedError {
  constructor(
    readonly reason: WeakPasswordReason,
    field: string,
    message: string,
  ) {
    super([{ field, message }], 'The password does not meet the password policy.');
  }
}

/**
 * The NFKC form of a password: what is hashed and what is verified, so a password typed as
 * fullwidth or other compatibility characters (another keyboard or input method) is the same password
 * (NIST SP 800-63B section 5.1.1.2).
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

// A lone surrogate becomes U+FFFD when encoded as UTF-8 for hashing, so two different passwords
// would share one hash.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let commonPasswords: ReadonlySet<string> | undefined;
function isCommon(lowerCased: string): boolean {
  commonPasswords ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean));
  return commonPasswords.has(lowerCased);
}

/**
 * NIST SP 800-63B memorized-secret rules: a length window counted in code points after NFKC, no
 * composition rules (no "one digit, one symbol"), and refusal of the commonest passwords (a bundled
 * list of 10,000, compared without regard to case) and of the username itself.
 *
 * @example
 * const hashable = new PasswordPolicy().accept(input, { field: 'new_password', username: 'alice' });
 */
export class PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;

  constructor(options: PasswordPolicyOptions = {}) {
    this.minLength = options.minLength ?? 8;
    this.maxLength = options.maxLength ?? 256;
    if (!Number.isInteger(this.minLength) || this.minLength < 8) throw new Error('PasswordPolicy: minLength must be an integer of at least 8');
    if (!Number.isInteger(this.maxLength) || this.maxLength < Math.max(64, this.minLength)) {
      throw new Error('PasswordPolicy: maxLength must be an integer of at least 64 and at least minLength');
    }
  }

  /** Why `password` is refused, or `undefined` when it is acceptable. */
  reasonToRefuse(password: string, username?: string): WeakPasswordReason | undefined {
    if (LONE_SURROGATE.test(password)) return 'malformed';
    const normalized = normalizePassword(password);
    const length = [...normalized].length;
    if (length < this.minLength) return 'too_short';
    if (length > this.maxLength) return 'too_long';
    const lowerCased = normalized.toLowerCase();
    if (isCommon(lowerCased)) return 'common';
    if (username !== undefined && lowerCased === username.normalize('NFKC').toLowerCase()) return 'matches_username';
    return undefined;
  }

  /**
   * The NFKC form to hash, or a `WeakPasswordError` naming `field` (the request field that carried
   * the password, `password` by default).
   */
  accept(password: string, context: { field?: string; username?: string } = {}): string {
    const reason = this.reasonToRefuse(password, context.username);
    if (reason) throw new WeakPasswordError(reason, context.field ?? 'password', this.messageFor(reason));
    return normalizePassword(password);
  }

  private messageFor(reason: WeakPasswordReason): string {
    switch (reason) {
      case 'too_short':
        return `The password must have at least ${this.minLength} characters.`;
      case 'too_long':
        return `The password must have at most ${this.maxLength} characters.`;
      case 'malformed':
        return 'The password contains characters that are not valid Unicode.';
      case 'common':
        return 'This password is too common; choose one that is harder to guess.';
      case 'matches_username':
        return 'The password must not be the username.';
    }
  }
}
