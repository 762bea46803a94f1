import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import type { AccessTokenClaims } from '../../domain/access-token-claims';
import { PublicJwks, TokenService, UnsignedClaims } from '../../ports/token-service';
import type { LoadedSigningKey, LoadedVerificationKey } from './signing-key';
import { SigningKeyError } from './signing-key.error';

export interface JwtTokenServiceOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly signingKey: LoadedSigningKey;
  /** Public keys still accepted after a rotation, found by `kid`; they never sign. */
  readonly previousKeys?: readonly LoadedVerificationKey[];
}

/**
 * Signs access tokens with the module's private key and verifies them against the public keys,
 * pinning the algorithm of the key named by `kid`: `alg: none` and HS256-signed-with-the-public-key
 * forgeries fail because the verifier never accepts an algorithm other than the key's own.
 */
export class JwtTokenService extends TokenService {
  private readonly jwt = new JwtService();
  private readonly keysById: ReadonlyMap<string, LoadedVerificationKey>;

  constructor(private readonly options: JwtTokenServiceOptions) {
    super();
    const keysById = new Map<string, LoadedVerificationKey>([[options.signingKey.kid, options.signingKey]]);
    for (const [index, key] of (options.previousKeys ?? []).entries()) {
      // A second key under one kid would silently replace the first: tokens of one of them would fail.
      if (keysById.has(key.kid)) throw new SigningKeyError(`previousSigningKeys[${index}] has kid "${key.kid}", already taken by ${key.kid === options.signingKey.kid ? 'signingKey (the same key listed twice?)' : 'another retired key'}; every key needs its own kid.`);
      keysById.set(key.kid, key);
    }
    this.keysById = keysById;
  }

  get accessTokenTtlSeconds(): number {
    return this.options.accessTokenTtlSeconds;
  }

  async sign(claims: UnsignedClaims, now: Date): Promise<string> {
    const key = this.options.signingKey;
    const iat = Math.floor(now.getTime() / 1000);
    const payload = {
      ...claims,
      iat,
      exp: iat + this.options.accessTokenTtlSeconds,
      iss: this.options.issuer,
      aud: this.options.audience,
      jti: randomUUID(),
    };
    return this.jwt.signAsync(payload, {
      privateKey: key.privateKey as never,
      algorithm: key.algorithm,
      keyid: key.kid,
      header: { alg: key.algorithm, kid: key.kid, typ: 'at+jwt' },
    });
  }

  async verify(token: string, now: Date): Promise<AccessTokenClaims> {
    const header = protectedHeaderOf(token);
    // RFC 9068 section 4: only tokens typed as access tokens are accepted, so an ID token or any
    // other JWT signed by the same key cannot be replayed as one.
    if (header?.typ !== 'at+jwt') throw new TokenInvalidError('The token is not an access token.');
    const key = this.keysById.get(typeof header.kid === 'string' ? header.kid : '');
    if (!key) throw new TokenInvalidError('The token was not signed by a known key.');
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims & object>(token, {
        publicKey: key.publicKey as never,
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTimestamp: Math.floor(now.getTime() / 1000),
      });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new TokenExpiredError();
      throw new TokenInvalidError(undefined, { cause: error });
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new TokenInvalidError('The token lacks required claims.');
    }
    return claims;
  }

  jwks(): PublicJwks {
    return { keys: [...this.keysById.values()].map((key) => key.publicJwk) };
  }
}

/** Reads the protected header, to pick the key; the signature check decides whether to trust it. */
function protectedHeaderOf(token: string): { kid?: unknown; typ?: unknown } | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > 1024) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? header : undefined;
  } catch {
    return undefined;
  }
}
