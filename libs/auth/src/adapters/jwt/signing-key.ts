import { createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** Algorithms the module signs access tokens with: asymmetric only, so verifiers never hold a secret. */
export type SigningAlgorithm = 'ES256' | 'ES384' | 'RS256' | 'PS256';

export interface SigningKeyInput {
  /** PEM (PKCS#8 or SEC1) or a private JWK. */
  readonly privateKey: string | Record<string, unknown>;
  /** @default the RFC 7638 thumbprint of the public key */
  readonly kid?: string;
  /** @default 'ES256' */
  readonly algorithm?: SigningAlgorithm;
}

/** A key pair loaded once at start-up as KeyObjects, so no request pays for parsing a PEM. */
export interface LoadedSigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

export async function loadSigningKey(input: SigningKeyInput): Promise<LoadedSigningKey> {
  const privateKey =
    typeof input.privateKey === 'string'
      ? createPrivateKey(input.privateKey)
      : createPrivateKey({ key: input.privateKey as JsonWebKey, format: 'jwk' });
  const algorithm = input.algorithm ?? 'ES256';
  assertKeyFits(privateKey, algorithm);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = input.kid ?? (await calculateJwkThumbprint(jwk, 'sha256'));
  return { kid, algorithm, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' } };
}

const CURVE_OF: Partial<Record<SigningAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1' };

// A key of the wrong type for the algorithm would be refused by the verifier only at run time.
function assertKeyFits(key: KeyObject, algorithm: SigningAlgorithm): void {
  const curve = CURVE_OF[algorithm];
  if (curve && (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve)) {
    throw new Error(`Signing key does not fit ${algorithm}: expected an EC key on ${curve}`);
  }
  if (!curve && key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') {
    throw new Error(`Signing key does not fit ${algorithm}: expected an RSA key`);
  }
}
