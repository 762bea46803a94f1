import type { SigningAlgorithm } from './signing-key';

/** Byte length of r and of s, and the group order n, for the ECDSA algorithms (RFC 7518 section 3.4). */
const CURVES: Partial<Record<SigningAlgorithm, { readonly size: number; readonly order: bigint }>> = {
  ES256: { size: 32, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ES384: { size: 48, order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
};

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const toBytes = (value: bigint, size: number) => Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');

/** floor(n / 2) of each curve as `size` big-endian bytes: S compares against it byte by byte. */
const HALF_ORDER: Partial<Record<SigningAlgorithm, Buffer>> = Object.fromEntries(
  Object.entries(CURVES).map(([algorithm, curve]) => [algorithm, toBytes(curve.order / 2n, curve.size)]),
);

/**
 * The bytes of a JWS signature segment when it is the one spelling of the one signature the module
 * accepts; undefined otherwise. The signature is the only unsigned part of a JWS, so anyone can
 * rewrite it: as (r, n - s), which verifies as well as (r, s) does; with other values in the unused
 * bits of the last base64url character; or, for RSA-PSS, with its leading zero byte dropped, which
 * OpenSSL still verifies (about one signature in 256). Each gives a second token string for the
 * same claims, which defeats everything keyed by the token string (the verified-token cache first).
 * Only canonical base64url of exactly the key's `signatureLength` bytes passes, with low S for ECDSA.
 */
export function canonicalSignatureBytes(segment: string, key: { readonly algorithm: SigningAlgorithm; readonly signatureLength: number }): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment || bytes.length !== key.signatureLength) return undefined;
  const half = HALF_ORDER[key.algorithm];
  // Equal-length big-endian byte strings compare as the numbers they spell.
  return !half || Buffer.compare(bytes.subarray(half.length), half) <= 0 ? bytes : undefined;
}

/** `token` with its ECDSA signature in low-S form: Node's signer picks either half at random. */
export function withLowS(token: string, algorithm: SigningAlgorithm): string {
  const curve = CURVES[algorithm];
  const dot = token.lastIndexOf('.');
  if (!curve) return token;
  const bytes = Buffer.from(token.slice(dot + 1), 'base64url');
  const s = toBigInt(bytes.subarray(curve.size));
  if (s <= curve.order / 2n) return token;
  const lowS = toBytes(curve.order - s, curve.size);
  return `${token.slice(0, dot + 1)}${Buffer.concat([bytes.subarray(0, curve.size), lowS]).toString('base64url')}`;
}
