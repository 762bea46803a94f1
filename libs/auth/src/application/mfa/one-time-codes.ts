import { randomBytes, randomInt } from 'node:crypto';

/**
 * Crockford base32: digits and capitals without I, L, O and U, so nothing reads as another symbol
 * and a code cannot spell most words.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// 10 symbols of 5 bits each: 50 bits, 2^50 ≈ 10^15 codes against a guesser the sign-in throttle
// holds to a few tries a minute.
const RECOVERY_CODE_LENGTH = 10;
// Longer input is refused unread; a grouped code with a few stray spaces is far shorter.
const MAX_RECOVERY_INPUT = 32;
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * A numeric code of `digits` digits (6 unless told), every value equally likely, zero-padded
 * (`007310`), from the operating system's CSPRNG: log2(10^6) ≈ 19.9 bits for six digits, which is
 * why a sent code also has an expiry and an attempt cap.
 */
export function newNumericCode(digits = 6): string {
  // randomInt draws below 2^48; 12 digits stay under it and longer codes nobody types.
  if (!Number.isInteger(digits) || digits < 1 || digits > 12) throw new RangeError(`A numeric code has 1 to 12 digits, got ${String(digits)}.`);
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

/**
 * A recovery code such as `7K3QM-X0D9B`: 10 Crockford base32 symbols, 50 bits from the CSPRNG,
 * grouped in fives for reading aloud and typing.
 */
export function newRecoveryCode(): string {
  // 32 divides 256, so the low five bits of a random byte pick every symbol equally often.
  const symbols = [...randomBytes(RECOVERY_CODE_LENGTH)].map((byte) => CROCKFORD[byte & 0x1f]).join('');
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}

/**
 * The canonical form of a typed recovery code: uppercase, without dashes and spaces, with the
 * look-alikes O, I and L read as 0, 1 and 1. Undefined for anything that cannot be a code, so
 * callers never look such input up.
 */
export function normaliseRecoveryCode(input: string): string | undefined {
  // ASCII only, checked before uppercasing: 'ı'.toUpperCase() is 'I' and 'ſ'.toUpperCase() is 'S'.
  if (typeof input !== 'string' || input.length > MAX_RECOVERY_INPUT || !/^[0-9A-Za-z -]*$/.test(input)) return undefined;
  const code = input
    .toUpperCase()
    .replace(/[- ]/g, '')
    .replace(/[OIL]/g, (letter) => LOOK_ALIKES[letter]!);
  if (code.length !== RECOVERY_CODE_LENGTH || ![...code].every((symbol) => CROCKFORD.includes(symbol))) return undefined;
  return code;
}
