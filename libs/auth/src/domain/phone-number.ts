/**
 * E.164: a `+`, a country code that never starts with 0, at most 15 digits in all. At least 7
 * digits: shorter is a short code or a truncated number (the shortest international numbers, of a
 * few Pacific territories, have 7).
 */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

/**
 * Whether the value is a phone number in E.164 form, where SMS one-time codes can go.
 *
 * @example isE164('+15550100002') // true
 * @example isE164('555-0100') // false
 */
export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_PATTERN.test(value);
}
