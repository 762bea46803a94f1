import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { TokenInvalidError } from '../../domain/auth-error';
import { verifyCompactJws } from '../jwt/compact-jws';
import type { SigningAlgorithm } from '../jwt/signing-key';
import { KeycloakUnavailableError } from './keycloak-http';
import { KeycloakConfigError, type KeycloakRealm } from './keycloak-realm';

/** The algorithms a realm key can be pinned to: asymmetric only, so no verifier holds a secret. */
export type RealmAlgorithm = Extract<SigningAlgorithm, 'RS256' | 'PS256' | 'ES256'>;
export const REALM_ALGORITHMS: readonly RealmAlgorithm[] = ['RS256', 'PS256', 'ES256'];

/** One signing key the realm publishes, parsed once when the JWKS is fetched. */
export interface RealmKey {
  readonly kid: string;
  /** What the key may verify: its JWK's `alg`, else every algorithm its type serves. */
  readonly algorithms: readonly RealmAlgorithm[];
  readonly publicKey: KeyObject;
  /** Bytes in each of its signatures (the modulus for RSA, r ‖ s for P-256). */
  readonly signatureLength: number;
}

/** How often `RealmKeys` fetches the realm's JWKS. */
export interface RealmKeysOptions {
  /** The least time between two fetches of the JWKS that a token's `kid` set off. @default 10000 */
  readonly minRefreshIntervalMs?: number;
  /** After this long the JWKS is fetched again in the background, answering from the cache meanwhile. @default 600000 */
  readonly maxAgeMs?: number;
}

// NIST SP 800-131A: RSA below 2048 bits no longer protects a signature.
const MIN_RSA_BITS = 2048;

/**
 * The realm's signing keys from its `certs` endpoint. A known `kid` answers from memory, since every
 * new token asks; an unknown one fetches at most once per `minRefreshIntervalMs`, shared by all who
 * ask meanwhile, so a stream of made-up kids cannot make this server flood Keycloak. A failed or
 * malformed fetch keeps the keys held before: an outage must not stop tokens that verified until then.
 */
export class RealmKeys {
  private keys: ReadonlyMap<string, RealmKey> | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private failure: KeycloakUnavailableError | undefined;
  private pending: Promise<void> | undefined;
  private readonly minRefreshIntervalMs: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly realm: KeycloakRealm,
    options: RealmKeysOptions = {},
  ) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    // NaN or a negative interval would stop every fetch, or let each request set one off.
    for (const [name, value] of Object.entries({ minRefreshIntervalMs: this.minRefreshIntervalMs, maxAgeMs: this.maxAgeMs })) {
      if (!Number.isFinite(value) || value < 0) throw new KeycloakConfigError(`RealmKeys: \`${name}\` must be a number of milliseconds, 0 or more.`);
    }
  }

  /**
   * The key named `kid`, or undefined when the realm does not publish it. Throws the
   * `KeycloakUnavailableError` of the last fetch when it failed and could have held the key: a
   * client told 401 would drop tokens that may be good once Keycloak answers again.
   */
  async keyFor(kid: string, now: Date): Promise<RealmKey | undefined> {
    const nowMs = now.getTime();
    const known = this.keys?.get(kid);
    if (known) {
      if (nowMs - this.fetchedAt >= this.maxAgeMs && this.mayFetch(nowMs)) {
        // Not awaited: an outage must not hold up tokens the cached keys verify.
        this.refresh(nowMs).catch(() => undefined);
      }
      return known;
    }
    if (!this.pending && !this.mayFetch(nowMs)) {
      if (this.failure) throw this.failure;
      return undefined;
    }
    await (this.pending ?? this.refresh(nowMs));
    return this.keys?.get(kid);
  }

  private mayFetch(nowMs: number): boolean {
    return !this.pending && nowMs - this.attemptedAt >= this.minRefreshIntervalMs;
  }

  private refresh(nowMs: number): Promise<void> {
    this.attemptedAt = nowMs;
    this.pending = this.load(nowMs).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(nowMs: number): Promise<void> {
    try {
      const answer = await this.realm.http.call(this.realm.certsEndpoint);
      const keys = answer.status === 200 ? signingKeysOf(answer.body) : undefined;
      if (!keys) throw this.realm.http.unexpected(answer, 'GET certs');
      this.keys = keys;
      this.fetchedAt = nowMs;
      this.failure = undefined;
    } catch (error) {
      this.failure = error as KeycloakUnavailableError;
      throw error;
    }
  }
}

/** The usable signing keys of a JWKS (RFC 7517 section 5), or undefined when it holds none. */
function signingKeysOf(body: unknown): ReadonlyMap<string, RealmKey> | undefined {
  const entries = isObject(body) && Array.isArray(body.keys) ? body.keys : [];
  const keys = new Map<string, RealmKey>();
  const ambiguous = new Set<string>();
  for (const entry of entries) {
    const key = realmKeyOf(entry);
    if (!key) continue;
    if (keys.has(key.kid)) ambiguous.add(key.kid);
    keys.set(key.kid, key);
  }
  // Two keys under one kid: which one verifies would depend on the order Keycloak lists them in.
  for (const kid of ambiguous) keys.delete(kid);
  return keys.size > 0 ? keys : undefined;
}

function realmKeyOf(jwk: unknown): RealmKey | undefined {
  if (!isObject(jwk) || typeof jwk.kid !== 'string' || jwk.kid === '') return undefined;
  // RFC 7517 section 4.2: an `enc` key is for encryption, and a signature it "verifies" proves nothing.
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return undefined;
  const fits = jwk.kty === 'RSA' ? (['RS256', 'PS256'] as const) : jwk.kty === 'EC' && jwk.crv === 'P-256' ? (['ES256'] as const) : [];
  const algorithms = jwk.alg === undefined ? [...fits] : fits.filter((algorithm) => algorithm === jwk.alg);
  if (algorithms.length === 0) return undefined;
  // Only the public members are read, so a JWKS that leaks `d` still yields a public key.
  const members: JsonWebKey = jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n as string, e: jwk.e as string } : { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: members, format: 'jwk' });
  } catch {
    return undefined;
  }
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (jwk.kty === 'RSA' && bits < MIN_RSA_BITS) return undefined;
  return { kid: jwk.kid, algorithms, publicKey, signatureLength: jwk.kty === 'RSA' ? Math.ceil(bits / 8) : 64 };
}

/**
 * The payload of `token` once a key of the realm verifies it under an algorithm of `algorithms`;
 * `TokenInvalidError` otherwise. The header is judged before any key is looked up, so `alg: none`
 * and HS256 forgeries (the public key used as an HMAC secret) cost no fetch, and the algorithm must
 * be one the key itself serves, so an RSA key never checks a signature made for another scheme.
 */
export async function realmSignedPayload(keys: RealmKeys, token: string, now: Date, algorithms: readonly RealmAlgorithm[]): Promise<Record<string, unknown>> {
  const header = headerOf(token);
  const alg = header?.alg as RealmAlgorithm;
  if (!header || !algorithms.includes(alg)) throw new TokenInvalidError('The token is not signed with an accepted algorithm.');
  // RFC 7515 section 4.1.11: an extension this verifier does not understand must be refused.
  if ('crit' in header) throw new TokenInvalidError('The token names critical extensions this server does not understand.');
  if (typeof header.kid !== 'string' || header.kid === '') throw new TokenInvalidError('The token names no key.');
  const key = await keys.keyFor(header.kid, now);
  if (!key?.algorithms.includes(alg)) throw new TokenInvalidError('The token was not signed by a key of the realm.');
  const signature = canonicalSignatureBytes(token.slice(token.lastIndexOf('.') + 1), key.signatureLength);
  if (!signature) throw new TokenInvalidError('The token signature is not in canonical form.');
  try {
    return verifyCompactJws(token, header, signature, key.publicKey, alg);
  } catch (error) {
    throw new TokenInvalidError(undefined, { cause: error });
  }
}

/**
 * The signature bytes when `segment` is their one base64url spelling at the key's exact length: other
 * bits in the last character, or an RSA-PSS signature short of its leading zero byte, would each be a
 * second token string for the same claims. Unlike the module's own tokens, a high-S ES256 signature
 * is accepted: Keycloak's signer (Java's ECDSA) leaves S as it comes, so refusing the high half
 * would refuse half the realm's genuine tokens, and its low-S twin grants nothing a token does not.
 */
function canonicalSignatureBytes(segment: string, length: number): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.length === length && bytes.toString('base64url') === segment ? bytes : undefined;
}

/** The protected header, read to pick the key; bounded, since it is parsed before anything is trusted. */
function headerOf(token: string): Record<string, unknown> | undefined {
  const end = token.indexOf('.');
  if (end < 1 || end > 1024) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8'));
    return isObject(header) ? header : undefined;
  } catch {
    return undefined;
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
