import { ValidationFailedError } from './auth-error';

// Characters that render as nothing (zero-width space and joiners, soft hyphen, variation
// selectors, Hangul fillers): `alice\u200B` looks exactly like `alice`.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// At creation also whitespace, control, format and unassigned characters: names that look alike
// but differ (DESIGN.md section 5).
const REFUSED = /[\p{Z}\p{C}\p{Default_Ignorable_Code_Point}]/u;

/**
 * The one form of a username that accounts, lookups and throttle counters are keyed by: NFKC, then
 * invisible characters and surrounding whitespace dropped, then case-folded (upper- then lower-casing
 * approximates Unicode full case folding, so `STRASSE` and `straße` meet), then NFKC again because
 * case mapping can leave a denormalised sequence. Every look-alike a user can type lands on the same
 * account and the same counter; creation refuses the look-alikes themselves (`acceptNewUsername`).
 *
 * @example
 * normalizeUsername('ＡＬＩＣＥ') === 'alice'; normalizeUsername(' alice\u200B') === 'alice'
 */
export function normalizeUsername(input: string): string {
  const visible = input.normalize('NFKC').replace(IGNORABLE, '').trim();
  return visible.toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * The username to store for a new account, or `VALIDATION_FAILED` on `username`: 1 to 128
 * characters, no surrounding or inner whitespace, no control or invisible characters. Fullwidth or
 * upper-case letters are accepted and stored folded, so they collide with the existing name.
 */
export function acceptNewUsername(input: string): string {
  const normalized = normalizeUsername(input);
  const length = [...normalized].length;
  if (length < 1 || length > 128) throw invalid('The username must have 1 to 128 characters.');
  if (REFUSED.test(input.normalize('NFKC')) || REFUSED.test(normalized)) throw invalid('The username must not contain spaces or invisible characters.');
  return normalized;
}

function invalid(message: string): ValidationFailedError {
  return new ValidationFailedError([{ field: 'username', message }]);
}
