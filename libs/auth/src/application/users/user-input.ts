import { ValidationFailedError } from '../../domain/auth-error';
import { isE164 } from '../../domain/phone-number';
import { acceptNewUsername } from '../../domain/username';

// Commands can arrive from an app's own code, not only through the HTTP DTOs, so the handlers check
// what they store themselves. Field names are those of the HTTP contract (DESIGN.md section 4).

/**
 * The username as stored, in the one form of `normalizeUsername` (DESIGN.md section 5), so a
 * fullwidth or upper-case twin of an existing name is the same name and is refused as taken.
 */
export function acceptUsername(username: string): string {
  return acceptNewUsername(username);
}

export function acceptPhoneNumber(phoneNumber: string | undefined): string | undefined {
  if (phoneNumber === undefined) return undefined;
  if (!isE164(phoneNumber)) throw invalid('phone_number', 'The phone number must be in E.164 form, e.g. +15550100002.');
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
