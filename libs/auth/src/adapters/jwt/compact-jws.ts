import { constants, sign, verify, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import type { LoadedSigningKey, SigningAlgorithm } from './signing-key';

const DIGEST_OF: Record<SigningAlgorithm, string> = { ES256: 'sha256', ES384: 'sha384', RS256: 'sha256', PS256: 'sha256' };

/**
 * A JWS in compact serialisation (RFC 7515 section 7.1), signed with Node's crypto directly. Every
 * sign-in and refresh signs one; the generic JWT library spent more time validating its own options
 * and streaming the input than the ECDSA signature itself takes.
 */
export function signCompactJws(header: object, payload: object, key: LoadedSigningKey): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign(DIGEST_OF[key.algorithm], Buffer.from(signingInput), signOptionsOf(key));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Why a compact JWS was refused; the log keeps it as the cause, the client is told only "invalid". */
export class CompactJwsError extends Error {
  override readonly name = 'CompactJwsError';
}

/**
 * The payload of a compact JWS whose signature `publicKey` verifies with `algorithm`; throws
 * `CompactJwsError` otherwise. The caller has read `header` from the token and chosen the key from
 * it, and decoded `signature` from its last segment (both are checked here against the token: the
 * signature covers the header as it is spelt, and a header naming another algorithm than the key's
 * is refused). Every new access token a guarded route sees is checked here, and the generic JWT
 * library spent as long on its own options, key handling and streamed input as on the ECDSA check.
 */
export function verifyCompactJws(token: string, header: Readonly<Record<string, unknown>>, signature: Buffer, publicKey: KeyObject, algorithm: SigningAlgorithm): Record<string, unknown> {
  const headerEnd = token.indexOf('.');
  const payloadEnd = token.indexOf('.', headerEnd + 1);
  if (headerEnd <= 0 || payloadEnd <= headerEnd || token.includes('.', payloadEnd + 1)) throw new CompactJwsError('not a compact JWS of three segments');
  if (header.alg !== algorithm) throw new CompactJwsError(`the header does not name ${algorithm}`);
  if (!signatureVerifies(token.slice(0, payloadEnd), signature, publicKey, algorithm)) throw new CompactJwsError('invalid signature');
  const payload = jsonObjectOf(token.slice(headerEnd + 1, payloadEnd));
  if (!payload) throw new CompactJwsError('the payload is not a JSON object');
  return payload;
}

function signatureVerifies(signingInput: string, signature: Buffer, publicKey: KeyObject, algorithm: SigningAlgorithm): boolean {
  try {
    return verify(DIGEST_OF[algorithm], Buffer.from(signingInput), keyOptionsOf(algorithm, publicKey), signature);
  } catch {
    // OpenSSL refuses some malformed signatures (an RSA one of the wrong length) by raising.
    return false;
  }
}

function jsonObjectOf(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const signOptionsOf = (key: LoadedSigningKey): SignKeyObjectInput => keyOptionsOf(key.algorithm, key.privateKey);

function keyOptionsOf(algorithm: SigningAlgorithm, key: KeyObject): SignKeyObjectInput {
  switch (algorithm) {
    case 'ES256':
    case 'ES384':
      // JWS carries r || s (RFC 7518 section 3.4), not the DER sequence OpenSSL produces by default.
      return { key, dsaEncoding: 'ieee-p1363' };
    case 'PS256':
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    case 'RS256':
      return { key };
  }
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
