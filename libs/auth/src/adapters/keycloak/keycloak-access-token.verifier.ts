import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { AccessTokenVerifier, type VerifiedAccess } from '../../ports/access-token-verifier';
import { audiencesOf, issuedAtOf, realmAccessOf, type RealmClaimsOptions, type RealmTokenTimes, refuse, secondsClaim } from './keycloak-claims';
import { KeycloakConfigError, type KeycloakRealm } from './keycloak-realm';
import { isObject, REALM_ALGORITHMS, type RealmAlgorithm, RealmKeys, type RealmKeysOptions, realmSignedPayload } from './realm-keys';

/** How many tokens found inactive are remembered, so their replays cost no introspection. */
const INACTIVE_TOKENS_KEPT = 10_000;

/** Which access tokens of a Keycloak realm are accepted, and what they grant. */
export interface KeycloakAccessTokenVerifierOptions {
  readonly realm: KeycloakRealm;
  /** Accepted when `aud` contains one of these or `azp` equals one. @default [realm.clientId] */
  readonly audience?: string | readonly string[];
  /** The only algorithms a token may be signed with; each must also be one its key serves. @default ['RS256'] */
  readonly algorithms?: readonly RealmAlgorithm[];
  /** String claims (user attributes with a mapper in the realm) copied into `identity.attributes`. @default ['department'] */
  readonly attributeClaims?: readonly string[];
  /**
   * `acr` values the realm gives only after a second factor (a step-up flow's level, such as '2');
   * a token carrying one gains `mfa` in its `amr`. None by default: Keycloak's `acr` reflects its own
   * flow configuration, so the module cannot know which values mean a second factor.
   * @default []
   */
  readonly mfaAcrValues?: readonly string[];
  /**
   * Ask the realm on each new token whether it is still active (RFC 7662), so a session ended in
   * Keycloak ends here within `cacheSeconds` rather than at the token's `exp`. An outage answers 503.
   * @default false (cacheSeconds: 30)
   */
  readonly introspect?: boolean | { readonly cacheSeconds?: number };
  /** How often the realm's keys are fetched. @default { minRefreshIntervalMs: 10000, maxAgeMs: 600000 } */
  readonly keys?: RealmKeysOptions;
  /** The longest `exp - iat` accepted; a token living longer is refused. @default 86400 */
  readonly maxLifetimeSeconds?: number;
}

/**
 * Verifies access tokens a Keycloak realm issued, offline against the realm's published keys (and,
 * with `introspect`, online too). Keycloak signs ID, refresh and logout tokens for the same issuer
 * and audience, so its `typ` claim must say `Bearer`; the algorithm is pinned, so `alg: none` and a
 * public key used as an HMAC secret are refused before any key is looked up.
 *
 * @example
 * const realm = new KeycloakRealm({ url: process.env.KEYCLOAK_URL!, realm: 'stepgate', clientId: 'stepgate-api', clientSecret });
 * const verifier = new KeycloakAccessTokenVerifier({ realm, introspect: { cacheSeconds: 30 } });
 */
export class KeycloakAccessTokenVerifier extends AccessTokenVerifier {
  readonly issuer: string;
  /** The realm's keys, to share with `verifyLogoutToken` so both fetch them once. */
  readonly keys: RealmKeys;
  private readonly realm: KeycloakRealm;
  private readonly audiences: readonly string[];
  private readonly algorithms: readonly RealmAlgorithm[];
  private readonly maxLifetimeSeconds: number;
  private readonly cacheSeconds: number | undefined;
  private readonly claims: RealmClaimsOptions;
  private readonly inactive = new Map<string, number>();
  private readonly introspecting = new Map<string, Promise<boolean>>();

  constructor(options: KeycloakAccessTokenVerifierOptions) {
    super();
    const { realm } = options;
    this.realm = realm;
    this.issuer = realm.issuer;
    this.keys = new RealmKeys(realm, options.keys);
    this.audiences = [options.audience ?? realm.clientId].flat();
    this.algorithms = options.algorithms ?? ['RS256'];
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? 86_400;
    this.cacheSeconds = options.introspect ? ((options.introspect === true ? undefined : options.introspect.cacheSeconds) ?? 30) : undefined;
    this.claims = { clientId: realm.clientId, realmName: realm.name, attributeClaims: options.attributeClaims ?? ['department'], mfaAcrValues: options.mfaAcrValues ?? [] };
    assertSound({ algorithms: this.algorithms, audiences: this.audiences, maxLifetimeSeconds: this.maxLifetimeSeconds, cacheSeconds: this.cacheSeconds });
  }

  async verify(token: string, now: Date): Promise<VerifiedAccess> {
    const payload = await realmSignedPayload(this.keys, token, now, this.algorithms);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const times = this.checkRegisteredClaims(payload, nowSeconds);
    if (this.cacheSeconds === undefined) return realmAccessOf(payload, this.claims, times);
    // Only a token that passed every offline check costs a call to Keycloak.
    await this.checkActive(token, times.expiresAt, now);
    // The verified-token cache trusts a token until `expiresAt`: this is when it asks the realm again.
    return realmAccessOf(payload, this.claims, { ...times, expiresAt: Math.min(times.expiresAt, nowSeconds + this.cacheSeconds) });
  }

  /** RFC 7519 section 4.1, and Keycloak's `typ`, checked once the realm's signature is. */
  private checkRegisteredClaims(payload: Record<string, unknown>, nowSeconds: number): RealmTokenTimes {
    const { iss, aud, azp, typ } = payload;
    if (iss !== this.issuer) refuse('was issued by another issuer');
    const audiences = audiencesOf(aud);
    if (azp !== undefined && typeof azp !== 'string') refuse('has a malformed azp');
    if (!this.audiences.some((audience) => audiences.includes(audience) || azp === audience)) refuse('is meant for another client');
    // Keycloak types its tokens in this claim: an ID ('ID'), refresh ('Refresh') or logout ('Logout')
    // token of the realm must not pass for an access token.
    if (typ !== 'Bearer') refuse('is not an access token');
    const issuedAt = issuedAtOf(payload, nowSeconds);
    const expiresAt = secondsClaim(payload, 'exp') ?? refuse('has no expiry');
    const notBefore = secondsClaim(payload, 'nbf');
    if (notBefore !== undefined && notBefore > nowSeconds) refuse('is not valid yet');
    if (expiresAt - issuedAt > this.maxLifetimeSeconds) refuse('lives longer than this server accepts');
    if (nowSeconds >= expiresAt) throw new TokenExpiredError();
    return { issuedAt, expiresAt };
  }

  /**
   * RFC 7662: a token whose session Keycloak ended is no longer active, though its signature is
   * good. A token found inactive stays refused until its `exp` without asking again, and parallel
   * requests with one token share one call: a client replaying its revoked token, or a burst, costs
   * Keycloak one introspection, not one per request.
   */
  private async checkActive(token: string, expiresAt: number, now: Date): Promise<void> {
    if ((this.inactive.get(token) ?? 0) > now.getTime()) throw new TokenInvalidError('The token has been revoked.');
    let pending = this.introspecting.get(token);
    if (!pending) {
      pending = this.introspect(token).finally(() => this.introspecting.delete(token));
      this.introspecting.set(token, pending);
    }
    if (await pending) return;
    this.rememberInactive(token, expiresAt * 1000);
    throw new TokenInvalidError('The token has been revoked.');
  }

  private async introspect(token: string): Promise<boolean> {
    const { http, introspectionEndpoint } = this.realm;
    const answer = await http.call(introspectionEndpoint, { form: { token, ...this.realm.clientCredentials() } });
    if (answer.status !== 200 || !isObject(answer.body) || typeof answer.body.active !== 'boolean') throw http.unexpected(answer, 'POST token/introspect');
    return answer.body.active;
  }

  // Bounded: the oldest entry goes first, so refused tokens cannot grow the map without end.
  private rememberInactive(token: string, untilMs: number): void {
    this.inactive.delete(token);
    if (this.inactive.size >= INACTIVE_TOKENS_KEPT) this.inactive.delete(this.inactive.keys().next().value!);
    this.inactive.set(token, untilMs);
  }
}

interface Settings {
  readonly algorithms: readonly unknown[];
  readonly audiences: readonly unknown[];
  readonly maxLifetimeSeconds: unknown;
  readonly cacheSeconds: unknown;
}

// A setting that could never be right fails at start-up, not as a 401 on every request.
function assertSound({ algorithms, audiences, maxLifetimeSeconds, cacheSeconds }: Settings): void {
  const positive = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
  const checks: [boolean, string][] = [
    [algorithms.length > 0 && algorithms.every((alg) => REALM_ALGORITHMS.includes(alg as RealmAlgorithm)), `\`algorithms\` must name some of ${REALM_ALGORITHMS.join(', ')} (asymmetric only)`],
    [audiences.length > 0 && audiences.every((audience) => typeof audience === 'string' && audience !== ''), '`audience` must be a non-empty string or a list of them'],
    [positive(maxLifetimeSeconds), '`maxLifetimeSeconds` must be a positive whole number'],
    [cacheSeconds === undefined || positive(cacheSeconds), '`introspect.cacheSeconds` must be a positive whole number'],
  ];
  const problem = checks.find(([sound]) => !sound)?.[1];
  if (problem) throw new KeycloakConfigError(`KeycloakAccessTokenVerifier: ${problem}.`);
}
