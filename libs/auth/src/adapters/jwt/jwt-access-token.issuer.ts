import { randomUUID } from 'node:crypto';
import { AccessTokenIssuer, PublicJwks, UnsignedClaims } from '../../ports/access-token-issuer';
import { withLowS } from './canonical-signature';
import { signCompactJws } from './compact-jws';
import type { JwtKeyRing } from './jwt-key-ring';

export interface JwtAccessTokenIssuerOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JwtKeyRing;
}

/** Signs access tokens (RFC 9068 profile, `typ: at+jwt`) with the module's private key. */
export class JwtAccessTokenIssuer extends AccessTokenIssuer {
  constructor(private readonly options: JwtAccessTokenIssuerOptions) {
    super();
  }

  get issuer(): string {
    return this.options.issuer;
  }

  async sign(claims: UnsignedClaims, ttlSeconds: number, now: Date): Promise<string> {
    const key = this.options.keys.signingKey;
    const iat = Math.floor(now.getTime() / 1000);
    const payload = { ...claims, iat, exp: iat + ttlSeconds, iss: this.options.issuer, aud: this.options.audience, jti: randomUUID() };
    const token = signCompactJws({ alg: key.algorithm, typ: 'at+jwt', kid: key.kid }, payload, key);
    // The verifier accepts only low-S ECDSA signatures (see canonical-signature.ts).
    return withLowS(token, key.algorithm);
  }

  jwks(): PublicJwks {
    return this.options.keys.jwks();
  }
}
