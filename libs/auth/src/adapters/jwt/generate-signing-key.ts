import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningAlgorithm } from './signing-key';

/** A new key pair, in the forms `signingKey` and `previousSigningKeys` accept. */
export interface GeneratedSigningKey {
  readonly algorithm: SigningAlgorithm;
  /** RFC 7638 thumbprint of the public key: the `kid` the module gives it by default. */
  readonly kid: string;
  /** PKCS#8 PEM, for `signingKey: { privateKey, algorithm }`. */
  readonly privateKeyPem: string;
  /** The private JWK with `kid`, `alg` and `use`, for `signingKey: { privateKey }`. Secret. */
  readonly privateJwk: JWK;
  /** The public JWK as the JWKS will publish it; after a rotation, `previousSigningKeys: [{ publicKey }]`. */
  readonly publicJwk: JWK;
}

const generate = promisify(generateKeyPair);

// NIST SP 800-57: 2048-bit RSA protects signatures until 2030; a key made today may outlive that.
const RSA_BITS = 3072;

async function keyPairFor(algorithm: SigningAlgorithm): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  switch (algorithm) {
    case 'ES256':
      return generate('ec', { namedCurve: 'P-256' });
    case 'ES384':
      return generate('ec', { namedCurve: 'P-384' });
    case 'RS256':
    case 'PS256':
      // A plain RSA key, not an RSA-PSS-only one: JWK has no form for the latter, and PS256 signs with either.
      return generate('rsa', { modulusLength: RSA_BITS });
    default:
      throw new Error(`Unsupported algorithm "${String(algorithm).slice(0, 16)}": use ES256, ES384, RS256 or PS256`);
  }
}

/**
 * Makes a new signing key, as `npx stepgate-keygen` prints it.
 *
 * @example
 * const key = await generateSigningKey('ES256');
 * AuthModule.forRoot({ signingKey: { privateKey: key.privateKeyPem } })
 */
export async function generateSigningKey(algorithm: SigningAlgorithm = 'ES256'): Promise<GeneratedSigningKey> {
  const { privateKey, publicKey } = await keyPairFor(algorithm);
  const publicMembers = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicMembers, 'sha256');
  const labels = { kid, alg: algorithm, use: 'sig' };
  return {
    algorithm,
    kid,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...labels },
    publicJwk: { ...publicMembers, ...labels },
  };
}
