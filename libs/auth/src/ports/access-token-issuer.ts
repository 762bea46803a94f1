import type { AccessTokenClaims } from '../domain/access-token-claims';

/** A JSON Web Key Set of public keys (RFC 7517). */
export interface PublicJwks {
  readonly keys: readonly Record<string, unknown>[];
}

/** The claims a caller chooses; the issuer adds `iss`, `aud`, `iat`, `exp` and `jti`. */
export type UnsignedClaims = Omit<AccessTokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti'>;

/**
 * Signs the access tokens the module issues. Verifying them is an `AccessTokenVerifier`'s job, so
 * tokens of other issuers (a Keycloak realm) can be accepted beside the module's own.
 */
export abstract class AccessTokenIssuer {
  /** The `iss` of the tokens it signs. */
  abstract readonly issuer: string;
  /** Adds `iss`, `aud`, `iat`, `exp = iat + ttlSeconds` and a fresh `jti`, and signs. */
  abstract sign(claims: UnsignedClaims, ttlSeconds: number, now: Date): Promise<string>;
  /** The public keys that verify what it signed, the retired ones included. */
  abstract jwks(): PublicJwks;
}
