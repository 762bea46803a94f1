import { createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { SigningKeyError } from './signing-key.error';

/** A key as configured: PEM text, a JWK (an object or its JSON text), or a `KeyObject`. */
export type KeyMaterial = string | Record<string, unknown>;

/** A parsed key, with the JWK it came from (whose `kid` and `alg` are honoured), if any. */
export interface ReadKey {
  readonly key: KeyObject;
  readonly jwk?: Readonly<Record<string, unknown>>;
}

type Source = { kind: 'pem'; text: string } | { kind: 'jwk'; jwk: Record<string, unknown> } | { kind: 'object'; key: KeyObject };

// Access tokens are verified by every API that trusts them; with a shared secret each of them could
// also sign them. DESIGN.md section 5 asks for an asymmetric signature.
const SYMMETRIC = 'a shared secret cannot sign access tokens: they need an asymmetric key (ES256, ES384, RS256 or PS256), so that the APIs verifying them never hold what signs them';
const PUBLIC_PEM = /-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/;

/** The private key of `value`, or a `SigningKeyError` naming `label` and what is wrong. */
export function readPrivateKey(value: unknown, label: string, hint: string): ReadKey {
  const fail = (problem: string, cause?: unknown) => new SigningKeyError(`${label} ${problem}. ${hint}`, { cause });
  const source = sourceOf(value, fail);
  const isPublic =
    (source.kind === 'object' && source.key.type === 'public') ||
    (source.kind === 'jwk' && source.jwk.d === undefined) ||
    (source.kind === 'pem' && PUBLIC_PEM.test(source.text));
  if (isPublic) throw fail('is a public key; signing needs the private key (its public half is derived from it). A retired key that only verifies goes in previousSigningKeys as { publicKey }');
  if (source.kind === 'object') return { key: source.key };
  try {
    if (source.kind === 'jwk') return { key: createPrivateKey({ key: source.jwk as JsonWebKey, format: 'jwk' }), jwk: source.jwk };
    return { key: createPrivateKey(source.text) };
  } catch (error) {
    throw fail(unreadable(error, 'private'), error);
  }
}

/** The public key of `value` (derived when `value` is a private key). */
export function readPublicKey(value: unknown, label: string, hint: string): ReadKey {
  const fail = (problem: string, cause?: unknown) => new SigningKeyError(`${label} ${problem}. ${hint}`, { cause });
  const source = sourceOf(value, fail);
  try {
    if (source.kind === 'object') return { key: source.key.type === 'public' ? source.key : createPublicKey(source.key) };
    if (source.kind === 'jwk') return { key: createPublicKey({ key: source.jwk as JsonWebKey, format: 'jwk' }), jwk: source.jwk };
    return { key: createPublicKey(source.text) };
  } catch (error) {
    throw fail(unreadable(error, 'public'), error);
  }
}

function sourceOf(value: unknown, fail: (problem: string) => SigningKeyError): Source {
  if (value === undefined || value === null) throw fail('is missing');
  if (value instanceof KeyObject) {
    if (value.type === 'secret') throw fail(`is a secret key; ${SYMMETRIC}`);
    return { kind: 'object', key: value };
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) throw fail(`is raw bytes; ${SYMMETRIC}`);
  if (typeof value === 'string') return sourceOfText(value, fail);
  if (typeof value !== 'object' || Array.isArray(value)) throw fail('is neither a PEM nor a JWK');
  return sourceOfJwk(value as Record<string, unknown>, fail);
}

function sourceOfText(value: string, fail: (problem: string) => SigningKeyError): Source {
  const text = value.trim();
  if (text === '') throw fail('is empty (an unset environment variable?)');
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw fail('looks like a JSON JWK but is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('is neither a PEM nor a JWK');
    return sourceOfJwk(parsed as Record<string, unknown>, fail);
  }
  if (!text.includes('-----BEGIN ')) throw fail(`is neither a PEM nor a JWK (if it is an HMAC secret: ${SYMMETRIC})`);
  // An environment file often holds a PEM on one line, its line breaks written as "\n".
  return { kind: 'pem', text: text.includes('\n') ? text : text.replaceAll('\\n', '\n') };
}

function sourceOfJwk(jwk: Record<string, unknown>, fail: (problem: string) => SigningKeyError): Source {
  if (typeof jwk.kty !== 'string') throw fail('is an object without "kty": neither a PEM nor a JWK');
  if (jwk.kty === 'oct') throw fail(`is a symmetric JWK (kty "oct"); ${SYMMETRIC}`);
  return { kind: 'jwk', jwk };
}

// Node's messages name the decoder step, never the key; the code is enough to act on.
function unreadable(error: unknown, kind: 'private' | 'public'): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ERR_MISSING_PASSPHRASE') return 'is an encrypted PEM; give it decrypted (PKCS#8, "BEGIN PRIVATE KEY")';
  return `cannot be read as a ${kind} key${typeof code === 'string' ? ` (${code})` : ''}`;
}
