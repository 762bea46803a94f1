import type { SigningAlgorithm } from './signing-key';

/** Byte length of r and of s, and the group order n, for the ECDSA algorithms (RFC 7518 section 3.4). */
const CURVES: Partial<Record<SigningAlgorithm, { readonly size: number; readonly order: bigint }>> = {
  ES256: { size: 32, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ES384: { size: 48, order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
};

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);

/**
 * Whether a JWS signature segment is the one spelling of the one signature the module accepts.
 * The signature is the only unsigned part of a JWS, so anyone can rewrite it: as (r, n - s), which
 * verifies as well as (r, s) does, or with other values in the unused bits of the last base64url
 * character. Either gives a second token string for the same claims, which defeats everything keyed
 * by the token string (the verified-token cache first). Only low S in canonical base64url passes.
 */
export function isCanonicalSignature(segment: string, algorithm: SigningAlgorithm): boolean {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return false;
  const curve = CURVES[algorithm];
  if (!curve) return true;
  if (bytes.length !== 2 * curve.size) return false;
  return toBigInt(bytes.subarray(curve.size)) <= curve.order / 2n;
}

/** `token` with its ECDSA signature in low-S form: Node's signer picks either half at random. */
export function withLowS(token: string, algorithm: SigningAlgorithm): string {
  const curve = CURVES[algorithm];
  const dot = token.lastIndexOf('.');
  if (!curve) return token;
  const bytes = Buffer.from(token.slice(dot + 1), 'base64url');
  const s = toBigInt(bytes.subarray(curve.size));
  if (s <= curve.order / 2n) return token;
  const lowS = Buffer.from((curve.order - s).toString(16).padStart(curve.size * 2, '0'), 'hex');
  return `${token.slice(0, dot + 1)}${Buffer.concat([bytes.subarray(0, curve.size), lowS]).toString('base64url')}`;
}
