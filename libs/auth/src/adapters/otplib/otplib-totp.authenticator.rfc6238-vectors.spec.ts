// Property: codes match every authenticator app, because they match RFC 6238 Appendix B. A mistake in
// counter arithmetic, truncation, zero-padding or the HMAC algorithm would lock users out or
// accept codes no app shows; each vector goes through generate and through verify.
import { describe, expect, it } from 'vitest';
import { OtplibTotpAuthenticator } from './otplib-totp.authenticator';

// Appendix B seeds the HMAC with ASCII bytes; the adapter takes base32 (RFC 4648), so these are
// those exact bytes in base32.
const SEEDS = {
  // "12345678901234567890"
  sha1: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  // "12345678901234567890123456789012"
  sha256: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA',
  // "1234567890123456789012345678901234567890123456789012345678901234"
  sha512: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA',
} as const;

type Algorithm = keyof typeof SEEDS;

// Time (s), T (the time step, from the table's hex column), and the 8-digit code per algorithm.
const VECTORS: ReadonlyArray<{ time: number; step: number; codes: Record<Algorithm, string> }> = [
  { time: 59, step: 0x1, codes: { sha1: '94287082', sha256: '46119246', sha512: '90693936' } },
  { time: 1111111109, step: 0x23523ec, codes: { sha1: '07081804', sha256: '68084774', sha512: '25091201' } },
  { time: 1111111111, step: 0x23523ed, codes: { sha1: '14050471', sha256: '67062674', sha512: '99943326' } },
  { time: 1234567890, step: 0x273ef07, codes: { sha1: '89005924', sha256: '91819424', sha512: '93441116' } },
  { time: 2000000000, step: 0x3f940aa, codes: { sha1: '69279037', sha256: '90698825', sha512: '38618901' } },
  { time: 20000000000, step: 0x27bc86aa, codes: { sha1: '65353130', sha256: '77737706', sha512: '47863826' } },
];

const ALGORITHMS: readonly Algorithm[] = ['sha1', 'sha256', 'sha512'];
const authenticators = Object.fromEntries(ALGORITHMS.map((algorithm) => [algorithm, new OtplibTotpAuthenticator({ digits: 8, periodSeconds: 30, algorithm })])) as Record<Algorithm, OtplibTotpAuthenticator>;

const cases = VECTORS.flatMap(({ time, step, codes }) => ALGORITHMS.map((algorithm) => ({ time, step, algorithm, code: codes[algorithm] })));

describe('RFC 6238 Appendix B: every test vector', () => {
  it.each(cases)('generates $code for $algorithm at T=$time s', async ({ time, algorithm, code }) => {
    await expect(authenticators[algorithm].generate(SEEDS[algorithm], new Date(time * 1000))).resolves.toBe(code);
  });

  it.each(cases)('verifies $code for $algorithm at T=$time s as time step $step, with no drift allowed', async ({ time, step, algorithm, code }) => {
    await expect(authenticators[algorithm].verify(SEEDS[algorithm], code, { now: new Date(time * 1000), window: 0 })).resolves.toBe(step);
  });

  it.each(cases)('refuses the $algorithm code $code under the other two algorithms at T=$time s', async ({ time, algorithm, code }) => {
    for (const other of ALGORITHMS.filter((candidate) => candidate !== algorithm)) {
      await expect(authenticators[other].verify(SEEDS[algorithm], code, { now: new Date(time * 1000), window: 0 })).resolves.toBeUndefined();
    }
  });
});

describe('the secrets it hands out', () => {
  const base32 = /^[A-Z2-7]+$/;

  it.each([
    ['sha1', 160],
    ['sha256', 256],
    ['sha512', 512],
  ] as const)('gives %s a fresh base32 secret of %i bits (RFC 4226 section 4 asks for at least 160)', (algorithm, bits) => {
    const totp = new OtplibTotpAuthenticator({ algorithm });
    const secrets = new Set(Array.from({ length: 50 }, () => totp.newSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(base32);
      expect(secret.length).toBe(Math.ceil(bits / 5));
    }
  });

  it('describes its parameters in the otpauth URI, so an app scanning it computes the same codes', () => {
    const uri = new URL(new OtplibTotpAuthenticator({ digits: 8, periodSeconds: 60, algorithm: 'sha256' }).keyUri({ issuer: 'Acme Co', label: 'bob@example.com', secret: SEEDS.sha1 }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme Co:bob@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: SEEDS.sha1, issuer: 'Acme Co', algorithm: 'SHA256', digits: '8', period: '60' });
  });

  it.each([
    [{ digits: 5 as never }, /digits/],
    [{ periodSeconds: 0 }, /periodSeconds/],
    [{ periodSeconds: 29.5 }, /periodSeconds/],
    [{ algorithm: 'md5' as never }, /algorithm/],
  ])('refuses parameters no authenticator app implements (%o) when constructed', (parameters, message) => {
    expect(() => new OtplibTotpAuthenticator(parameters)).toThrow(message);
  });
});
