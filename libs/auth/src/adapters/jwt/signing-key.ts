import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { type KeyMaterial, readPrivateKey, readPublicKey, type ReadKey } from './key-material';
import { KEYGEN_HINT, SigningKeyError } from './signing-key.error';

/** Algorithms the module signs access tokens with: asymmetric only, so verifiers never hold a secret. */
export type SigningAlgorithm = 'ES256' | 'ES384' | 'RS256' | 'PS256';

/** The key that signs access tokens. */
export interface SigningKeyInput {
  /** PEM (PKCS#8, SEC1 or PKCS#1), a private JWK (object or JSON text), or a private `KeyObject`. */
  readonly privateKey: KeyMaterial;
  /** @default the JWK's own `kid`, else the RFC 7638 thumbprint of the public key */
  readonly kid?: string;
  /** @default the JWK's own `alg`, else 'ES256' */
  readonly algorithm?: SigningAlgorithm;
}

/**
 * A key retired by a rotation: it verifies the tokens it signed and stays in the JWKS, and never signs.
 *
 * @example
 * previousSigningKeys: [{ publicKey: '-----BEGIN PUBLIC KEY-----\n...' }]
 */
export interface VerificationKeyInput {
  /** SPKI PEM, a certificate, or a public JWK (object or JSON text), e.g. the entry of the old JWKS. */
  readonly publicKey: KeyMaterial;
  /** The `kid` the tokens carry. @default the JWK's own `kid`, else the RFC 7638 thumbprint */
  readonly kid?: string;
  /** @default the JWK's own `alg`, else 'ES256' */
  readonly algorithm?: SigningAlgorithm;
}

/** A retired key, by its public half, or by its private key (only the public half is kept). */
export type PreviousSigningKeyInput = VerificationKeyInput | SigningKeyInput;

/** A public key loaded once at start-up as a KeyObject, so no request pays for parsing a PEM. */
export interface LoadedVerificationKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly publicKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
  /** Bytes in every signature the key makes (r ‖ s for ECDSA, the modulus for RSA), read once here. */
  readonly signatureLength: number;
}

export interface LoadedSigningKey extends LoadedVerificationKey {
  readonly privateKey: KeyObject;
}

const ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'ES384', 'RS256', 'PS256'];
const RETIRED_HINT = 'Its public JWK is in the JWKS the app served while it signed; `npx stepgate-keygen` prints it beside every key it makes.';

/** Reads and checks the signing key, failing with a `SigningKeyError` that says how to make one. */
export async function loadSigningKey(input: SigningKeyInput | undefined, label = 'signingKey'): Promise<LoadedSigningKey> {
  if (typeof input !== 'object' || input === null) throw new SigningKeyError(`${label} is missing: give { privateKey: <PEM or JWK> }. ${KEYGEN_HINT}`);
  const read = readPrivateKey(input.privateKey, `${label}.privateKey`, KEYGEN_HINT);
  const loaded = await verificationKeyOf(read, input, label, KEYGEN_HINT);
  return { ...loaded, privateKey: read.key };
}

/** Reads a retired key; given a private key, keeps only its public half, so it cannot sign. */
export async function loadVerificationKey(input: PreviousSigningKeyInput | undefined, label: string): Promise<LoadedVerificationKey> {
  if (typeof input !== 'object' || input === null) throw new SigningKeyError(`${label} is missing: give { publicKey: <PEM or JWK> }. ${RETIRED_HINT}`);
  if ('publicKey' in input && 'privateKey' in input) throw new SigningKeyError(`${label} has both publicKey and privateKey; give one. ${RETIRED_HINT}`);
  const read = 'publicKey' in input ? readPublicKey(input.publicKey, `${label}.publicKey`, RETIRED_HINT) : readPrivateKey(input.privateKey, `${label}.privateKey`, RETIRED_HINT);
  return verificationKeyOf(read, input, label, RETIRED_HINT);
}

async function verificationKeyOf(read: ReadKey, input: { kid?: unknown; algorithm?: unknown }, label: string, hint: string): Promise<LoadedVerificationKey> {
  const fail = (problem: string) => new SigningKeyError(`${label} ${problem}. ${hint}`);
  const algorithm = algorithmOf(input.algorithm, read.jwk?.alg, fail);
  const publicKey = read.key.type === 'public' ? read.key : createPublicKey(read.key);
  assertKeyFits(publicKey, algorithm, fail);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  if (input.kid !== undefined && (typeof input.kid !== 'string' || input.kid === '')) throw fail('has a kid that is not a non-empty string');
  const kid = (input.kid as string | undefined) ?? (typeof read.jwk?.kid === 'string' && read.jwk.kid !== '' ? read.jwk.kid : await calculateJwkThumbprint(jwk, 'sha256'));
  return { kid, algorithm, publicKey, publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' }, signatureLength: signatureLengthOf(publicKey, algorithm) };
}

function algorithmOf(given: unknown, ofJwk: unknown, fail: (problem: string) => SigningKeyError): SigningAlgorithm {
  for (const [name, value] of [['algorithm', given], ['the JWK\'s "alg"', ofJwk]] as const) {
    if (value !== undefined && !ALGORITHMS.includes(value as SigningAlgorithm)) {
      throw fail(`has ${name} "${String(value).slice(0, 16)}", which the module does not sign with: use ${ALGORITHMS.join(', ')}`);
    }
  }
  if (given !== undefined && ofJwk !== undefined && given !== ofJwk) throw fail(`says algorithm ${String(given)} but its JWK says "alg": ${String(ofJwk)}`);
  return (given ?? ofJwk ?? 'ES256') as SigningAlgorithm;
}

const CURVES: Record<string, { name: string; algorithm?: SigningAlgorithm }> = {
  prime256v1: { name: 'P-256', algorithm: 'ES256' },
  secp384r1: { name: 'P-384', algorithm: 'ES384' },
  secp521r1: { name: 'P-521' },
  secp256k1: { name: 'secp256k1' },
};
const CURVE_OF: Partial<Record<SigningAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1' };
// NIST SP 800-131A: RSA below 2048 bits no longer protects a signature.
const MIN_RSA_BITS = 2048;

// RFC 7518 section 3.4: r and s of 32 (P-256) or 48 (P-384) bytes each; RFC 8017 section 8.2: an
// RSA signature is exactly as long as the modulus.
function signatureLengthOf(key: KeyObject, algorithm: SigningAlgorithm): number {
  if (algorithm === 'ES256') return 64;
  if (algorithm === 'ES384') return 96;
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
}

// A key of the wrong type for the algorithm would otherwise be refused only on the first request.
function assertKeyFits(key: KeyObject, algorithm: SigningAlgorithm, fail: (problem: string) => SigningKeyError): void {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = CURVE_OF[algorithm];
  if (type === 'ec' && curve && details.namedCurve === curve) return;
  if (type === 'rsa' && !curve) {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) throw fail(`is a ${details.modulusLength}-bit RSA key; ${algorithm} needs at least ${MIN_RSA_BITS} bits`);
    return;
  }
  const needs = curve ? `an EC ${CURVES[curve].name} key` : 'an RSA key';
  const suggestion =
    type === 'ec' && CURVES[details.namedCurve ?? '']?.algorithm
      ? `; set algorithm: '${CURVES[details.namedCurve!].algorithm}' to use it`
      : type === 'rsa'
        ? "; set algorithm: 'RS256' or 'PS256' to use it"
        : '';
  throw fail(`is ${kindOf(type, details)}, which cannot sign ${algorithm} (that needs ${needs})${suggestion}`);
}

function kindOf(type: string | undefined, details: { namedCurve?: string; modulusLength?: number }): string {
  if (type === 'ec') return `an EC ${CURVES[details.namedCurve ?? '']?.name ?? details.namedCurve ?? ''} key`;
  if (type === 'rsa') return `a ${details.modulusLength}-bit RSA key`;
  if (type === 'rsa-pss') return 'an RSA-PSS-only key (give a plain RSA key: PS256 signs with it too)';
  return `an ${type ?? 'unknown'} key`;
}
