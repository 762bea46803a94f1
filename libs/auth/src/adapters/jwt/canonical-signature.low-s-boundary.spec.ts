// Threat: two token strings for one signature. For ECDSA, (r, s) and (r, n - s) both verify, so
// exactly one half of the S range may be accepted and issued: s <= floor(n / 2), on both curves.
// An S just one past the middle must be refused and turned around on signing, and the turned-around
// S must keep its full width, or the module would issue signatures its own verifier refuses.
import { describe, expect, it } from 'vitest';
import { canonicalSignatureBytes, withLowS } from './canonical-signature';

const CURVES = [
  ['ES256', 32, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  ['ES384', 48, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
] as const;

const bytesOf = (value: bigint, size: number) => Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
const segment = (r: bigint, s: bigint, size: number) => Buffer.concat([bytesOf(r, size), bytesOf(s, size)]).toString('base64url');
const sOf = (token: string, size: number) => BigInt(`0x${Buffer.from(token.split('.')[2], 'base64url').subarray(size).toString('hex')}`);
const R = 0x1234567890abcdefn;
/** The signature length of a P-256, a P-384 and a 2048-bit RSA key. */
const SIGNATURE_LENGTH = { ES256: 64, ES384: 96, RS256: 256, PS256: 256 } as const;
/** Whether the segment passes for a key of `algorithm` (with that key's signature length). */
const isCanonicalSignature = (signature: string, algorithm: keyof typeof SIGNATURE_LENGTH) =>
  canonicalSignatureBytes(signature, { algorithm, signatureLength: SIGNATURE_LENGTH[algorithm] }) !== undefined;

describe.each(CURVES)('%s signatures: only low S, at full width', (algorithm, size, order) => {
  const half = order / 2n;

  it('accepts an S of exactly floor(n / 2) and refuses one more', () => {
    expect(isCanonicalSignature(segment(R, half, size), algorithm)).toBe(true);
    expect(isCanonicalSignature(segment(R, half + 1n, size), algorithm)).toBe(false);
  });

  it(`refuses a signature of other than ${2 * size} bytes`, () => {
    const genuine = Buffer.from(segment(R, 1n, size), 'base64url');
    expect(isCanonicalSignature(genuine.subarray(1).toString('base64url'), algorithm)).toBe(false);
    expect(isCanonicalSignature(Buffer.concat([genuine, Buffer.from([0])]).toString('base64url'), algorithm)).toBe(false);
  });

  it('leaves an S of exactly floor(n / 2) as it is, and turns one more around', () => {
    const atHalf = `h.p.${segment(R, half, size)}`;
    expect(withLowS(atHalf, algorithm)).toBe(atHalf);
    const turned = withLowS(`h.p.${segment(R, half + 1n, size)}`, algorithm);
    expect(turned).toBe(`h.p.${segment(R, order - half - 1n, size)}`);
    expect(isCanonicalSignature(turned.split('.')[2], algorithm)).toBe(true);
  });

  it('keeps the full width of a turned-around S that starts with zero bytes', () => {
    const turned = withLowS(`h.p.${segment(R, order - 1n, size)}`, algorithm);
    expect(sOf(turned, size)).toBe(1n);
    expect(Buffer.from(turned.split('.')[2], 'base64url')).toHaveLength(2 * size);
    expect(turned.startsWith('h.p.')).toBe(true);
    expect(isCanonicalSignature(turned.split('.')[2], algorithm)).toBe(true);
  });
});

describe.each(['RS256', 'PS256'] as const)('%s signatures: no S to normalise', (algorithm) => {
  const signature = Buffer.alloc(256, 0xff).toString('base64url');

  it('accepts any signature in canonical base64url, and no other spelling of it', () => {
    expect(isCanonicalSignature(signature, algorithm)).toBe(true);
    // 256 bytes take 342 characters; the last one carries 4 unused bits.
    const respelled = `${signature.slice(0, -1)}${signature.at(-1) === 'w' ? 'x' : 'w'}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(isCanonicalSignature(respelled, algorithm)).toBe(false);
  });

  it('leaves the signature as it is when signing', () => {
    expect(withLowS(`h.p.${signature}`, algorithm)).toBe(`h.p.${signature}`);
  });
});
