import type { Identity } from '../domain/identity';

/**
 * What a verified access token proves, whoever issued it: the one shape guards, `@RequireGroups`
 * and `getIdentity()` read, so a new kind of token needs a verifier and nothing else.
 */
export interface VerifiedAccess {
  /** Which verifier accepted the token: `OWN_TOKEN_SOURCE` (`stepgate`) for the module's own, `keycloak` for a realm's. */
  readonly source: string;
  /** Who is calling; `attributes` travel in the token, so reading them costs no lookup. */
  readonly identity: Identity;
  /** The module session the token belongs to. */
  readonly sessionId: string;
  /** True when the session store must confirm, on each request, that the session is still active. */
  readonly sessionChecked: boolean;
  /** Authentication context class (OIDC `acr`); the module's own tokens say `1` or `2`. */
  readonly acr: string;
  /** Authentication methods (RFC 8176 `amr`). */
  readonly amr: readonly string[];
  /** When the user last authenticated, in seconds since the epoch (OIDC `auth_time`). */
  readonly authTime: number;
  /** The token's `exp`, in seconds since the epoch: a verified token is trusted until then. */
  readonly expiresAt: number;
  /** The verified payload as it came, for claims an app reads itself; the module's checks never do. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Verifies the access tokens of one issuer (`iss`) and turns them into a `VerifiedAccess`.
 * Throws `TokenExpiredError` for an expired token and `TokenInvalidError` for anything else wrong.
 * `now` is the module's clock, so expiry follows the same clock as issuance.
 */
export abstract class AccessTokenVerifier {
  /** The `iss` this verifier answers for; the module picks the verifier by it. */
  abstract readonly issuer: string;
  abstract verify(token: string, now: Date): Promise<VerifiedAccess>;
}
