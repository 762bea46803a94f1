// Threat: a leaked table of stored one-time codes. Six digits have a million values, so only a keyed
// HMAC keeps them secret; the scope makes a digest copied from one challenge or user match nowhere
// else; and comparing digests must take the same time wherever they differ, so response times
// reveal nothing about a stored digest.
import * as crypto from 'node:crypto';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { OtpCodeDigest } from './otp-code-digest';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const key = randomBytes(32);
const digests = new OtpCodeDigest(key);

describe('OtpCodeDigest: keyed and scoped', () => {
  it('is the hex HMAC-SHA256 under the server key of scope, NUL and code', () => {
    const expected = createHmac('sha256', key).update('flow:f1\u0000042917').digest('hex');
    expect(digests.digest('flow:f1', '042917')).toBe(expected);
    expect(digests.digest('flow:f1', '042917')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives one code a different digest in every scope, so a digest moved to another challenge or user matches nothing', () => {
    const scopes = ['flow:f1', 'flow:f2', 'operation:o1', 'recovery:alice', 'recovery:bob', ''];
    expect(new Set(scopes.map((scope) => digests.digest(scope, '042917'))).size).toBe(scopes.length);
  });

  it('gives one code in one scope a different digest under another server key, so a table is useless without its key', () => {
    expect(new OtpCodeDigest(randomBytes(32)).digest('flow:f1', '042917')).not.toBe(digests.digest('flow:f1', '042917'));
  });

  it('keeps scope and code apart: moving characters across the boundary changes the digest', () => {
    expect(digests.digest('flow:f1', '23456')).not.toBe(digests.digest('flow:f12', '3456'));
    expect(() => digests.digest('flow:f1\u0000', '042917')).toThrow(RangeError);
  });

  it('keeps its own copy of the key, so a caller zeroing theirs changes no digest', () => {
    const callerKey = Buffer.from(key);
    const own = new OtpCodeDigest(callerKey);
    callerKey.fill(0);
    expect(own.digest('flow:f1', '042917')).toBe(digests.digest('flow:f1', '042917'));
  });

  it.each([
    ['31 bytes', randomBytes(31)],
    ['16 bytes', randomBytes(16)],
    ['no bytes', Buffer.alloc(0)],
    ['a string', 'x'.repeat(64) as unknown as Buffer],
    ['undefined (an unset variable)', undefined as unknown as Buffer],
  ])('refuses a server key of %s at construction', (_, weak) => {
    expect(() => new OtpCodeDigest(weak)).toThrow(/at least 32/);
  });

  it('accepts a key longer than 32 bytes', () => {
    expect(new OtpCodeDigest(randomBytes(64)).digest('s', '1')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('OtpCodeDigest.matches: constant-time comparison', () => {
  const stored = digests.digest('flow:f1', '042917');
  const flip = (hex: string, index: number) => hex.slice(0, index) + (hex[index] === '0' ? '1' : '0') + hex.slice(index + 1);

  it('matches the digest of the same code in the same scope', () => {
    expect(digests.matches(stored, digests.digest('flow:f1', '042917'))).toBe(true);
  });

  it.each([0, 31, 63])('refuses a digest differing only at hex position %i', (index) => {
    expect(digests.matches(stored, flip(stored, index))).toBe(false);
  });

  it('refuses the digest of the same code in another scope', () => {
    expect(digests.matches(stored, digests.digest('flow:f2', '042917'))).toBe(false);
  });

  it('compares whole 32-byte values with timingSafeEqual, whether they differ first or last', () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    for (const other of [flip(stored, 0), flip(stored, 63), stored]) {
      compare.mockClear();
      digests.matches(stored, other);
      expect(compare).toHaveBeenCalledTimes(1);
      expect(compare.mock.calls[0]!.map((buffer) => (buffer as Buffer).length)).toEqual([32, 32]);
    }
  });

  it.each([
    ['a shorter string', (digest: string) => digest.slice(0, 62)],
    ['a longer string', (digest: string) => `${digest}00`],
    ['an empty string', () => ''],
    ['the same digest in uppercase', (digest: string) => digest.toUpperCase()],
    ['non-hex characters of the right length', (digest: string) => `zz${digest.slice(2)}`],
  ])('answers false, without throwing, for %s', (_, alter) => {
    expect(digests.matches(stored, alter(stored))).toBe(false);
    expect(digests.matches(alter(stored), stored)).toBe(false);
  });

  it('answers false for two empty strings rather than calling them equal', () => {
    expect(digests.matches('', '')).toBe(false);
  });
});
