import { constants, sign, type SignKeyObjectInput } from 'node:crypto';
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

function signOptionsOf(key: LoadedSigningKey): SignKeyObjectInput {
  switch (key.algorithm) {
    case 'ES256':
    case 'ES384':
      // JWS carries r || s (RFC 7518 section 3.4), not the DER sequence OpenSSL produces by default.
      return { key: key.privateKey, dsaEncoding: 'ieee-p1363' };
    case 'PS256':
      return { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    case 'RS256':
      return { key: key.privateKey };
  }
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
