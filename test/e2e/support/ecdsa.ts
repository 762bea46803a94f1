// The order of the P-256 group: an ECDSA signature (r, s) also verifies as (r, n - s).
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const toBigInt = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);

/** `s` of an ES256 JWS signature segment (RFC 7518 section 3.4: r and s, 32 bytes each). */
export function sOf(token: string): bigint {
  return toBigInt(Buffer.from(token.split('.')[2], 'base64url').subarray(32));
}

export const isLowS = (token: string): boolean => sOf(token) <= P256_ORDER / 2n;

/** The same token with (r, n - s): the other valid signature over the same bytes. */
export function highLowTwin(token: string): string {
  const [header, payload, signature] = token.split('.');
  const raw = Buffer.from(signature, 'base64url');
  const s = Buffer.from((P256_ORDER - toBigInt(raw.subarray(32))).toString(16).padStart(64, '0'), 'hex');
  return `${header}.${payload}.${Buffer.concat([raw.subarray(0, 32), s]).toString('base64url')}`;
}

/** The low-S form of an ES256 token, the only one the module accepts (signers pick either at random). */
export const lowS = (token: string): string => (isLowS(token) ? token : highLowTwin(token));
