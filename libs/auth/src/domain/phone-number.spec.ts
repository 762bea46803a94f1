// A phone number is where SMS codes go: a malformed one sends a user's codes into the void, or to
// a premium short code; the same rule must hold on the HTTP edge and for commands sent in code.
import { describe, expect, it } from 'vitest';
import { isE164 } from './phone-number';

describe('isE164: only numbers an SMS gateway can deliver to', () => {
  it.each(['+15550100002', '+4915123456789', '+6834002', '+12345678', '+123456789012345'])('accepts %s', (phone) => {
    expect(isE164(phone)).toBe(true);
  });

  it.each([
    ['a number without its +', '15550100002'],
    ['a country code starting with 0', '+05550100002'],
    ['more than 15 digits', '+1234567890123456'],
    ['fewer than 7 digits', '+123456'],
    ['a short code', '+12'],
    ['separators', '+1 555 010 0002'],
    ['local notation', '555-0100'],
    ['a trailing newline', '+15550100002\n'],
    ['non-ASCII digits', '+１５５５０１００００２'],
    ['the empty string', ''],
  ])('refuses %s', (_, phone) => {
    expect(isE164(phone)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isE164(15550100002)).toBe(false);
    expect(isE164(undefined)).toBe(false);
  });
});
