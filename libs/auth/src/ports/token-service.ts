import type { AccessTokenClaims } from '../domain/access-token-claims';

/** A JSON Web Key Set of public keys (RFC 7517). */
export interface PublicJwks {
  readonly keys: readonly Record<string, unknown>[];
}

/** The claims a caller chooses; the token service adds `iss`, `aud`, `iat`, `exp` and `jti`. */
export type UnsignedClaims = Omit<AccessTokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti'>;

/** Signs and verifies the access tokens the module issues. */
export abstract class TokenService {
  /** Lifetime of the access tokens `sign` issues, in seconds. */
  abstract readonly accessTokenTtlSeconds: number;
  /** Adds `iss`, `aud`, `iat`, `exp` and a fresh `jti`, and signs. */
  abstract sign(claims: UnsignedClaims, now: Date): Promise<string>;
  /**
   * Verifies signature, algorithm, `iss`, `aud`, `exp` and `nbf`. Throws `TokenExpiredError` for an
   * expired token and `TokenInvalidError` for anything else wrong with it. Time is `now`, from the
   * module's clock, so expiry follows the same clock as issuance.
   */
  abstract verify(token: string, now: Date): Promise<AccessTokenClaims>;
  abstract jwks(): PublicJwks;
}
