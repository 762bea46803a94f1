import { ValidationFailedError } from '../../domain/auth-error';

// Commands can arrive from an app's own code, not only through the HTTP DTOs, so the handlers check
// what they store themselves. Field names are those of the HTTP contract (DESIGN.md section 4).

const E164 = /^\+[1-9][0-9]{1,14}$/;
// Whitespace, control, format and unassigned characters make names that look alike but differ.
const INVISIBLE_OR_SPACE = /[\p{Z}\p{C}]/u;

/**
 * The username as stored: NFKC-normalised and lower-cased (DESIGN.md section 5), so a fullwidth or
 * upper-case twin of an existing name is the same name and is refused as taken.
 */
export function acceptUsername(username: string): string {
  const normalized = username.normalize('NFKC').toLowerCase();
  const length = [...normalized].length;
  if (length < 1 || length > 128) throw invalid('username', 'The username must have 1 to 128 characters.');
  if (INVISIBLE_OR_SPACE.test(normalized)) throw invalid('username', 'The username must not contain spaces or invisible characters.');
  return normalized;
}

export function acceptPhoneNumber(phoneNumber: string | undefined): string | undefined {
  if (phoneNumber === undefined) return undefined;
  if (!E164.test(phoneNumber)) throw invalid('phone_number', 'The phone number must be in E.164 form, e.g. +15550100002.');
  return phoneNumber;
}

export function acceptEmail(email: string | undefined): string | undefined {
  if (email === undefined) return undefined;
  if (email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid('email', 'The email address is not valid.');
  return email;
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }]);
}
