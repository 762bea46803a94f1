import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { AccessTokenVerifier, VerifiedAccess } from '../../ports/access-token-verifier';
import { canonicalSignatureBytes } from './canonical-signature';
import { verifyCompactJws } from './compact-jws';
import type { JwtKeyRing } from './jwt-key-ring';
import { LifetimeLimits, readOwnClaims } from './own-access-claims';

export interface JwtAccessTokenVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JwtKeyRing;
  /** The lifetimes the module issues; a token claiming a longer one is refused. */
  readonly lifetimes: LifetimeLimits;
}

/**
 * Verifies the module's own access tokens against its public keys, pinning the algorithm of the key
 * named by `kid`: `alg: none` and HS256-signed-with-the-public-key forgeries fail because the
 * verifier never accepts an algorithm other than the key's own.
 */
export class JwtAccessTokenVerifier extends AccessTokenVerifier {
  constructor(private readonly options: JwtAccessTokenVerifierOptions) {
    super();
  }

  get issuer(): string {
    return this.options.issuer;
  }

  async verify(token: string, now: Date): Promise<VerifiedAccess> {
    const header = protectedHeaderOf(token);
    // RFC 9068 section 4: only tokens typed as access tokens are accepted, so an ID token or any
    // other JWT signed by the same key cannot be replayed as one.
    if (header?.typ !== 'at+jwt') throw new TokenInvalidError('The token is not an access token.');
    // RFC 7515 section 4.1.11: a recipient must refuse a `crit` extension it does not understand,
    // and this verifier understands none (the module never sets one).
    if ('crit' in header) throw new TokenInvalidError('The token names critical extensions this server does not understand.');
    const key = this.options.keys.byKid(header.kid);
    if (!key) throw new TokenInvalidError('The token was not signed by a known key.');
    const signature = canonicalSignatureBytes(token.slice(token.lastIndexOf('.') + 1), key);
    if (!signature) throw new TokenInvalidError('The token signature is not in canonical form.');
    let payload: Record<string, unknown>;
    try {
      payload = verifyCompactJws(token, header, signature, key.publicKey, key.algorithm);
    } catch (error) {
      throw new TokenInvalidError(undefined, { cause: error });
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    this.checkRegisteredClaims(payload, nowSeconds);
    return readOwnClaims(payload, this.options.lifetimes, nowSeconds);
  }

  /** RFC 7519 section 4.1: who issued it, for whom, and when it is valid, checked once it is signed. */
  private checkRegisteredClaims(payload: Record<string, unknown>, nowSeconds: number): void {
    const { iss, aud, exp, nbf } = payload;
    if (iss !== this.options.issuer) throw new TokenInvalidError('The token was issued by another issuer.');
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(this.options.audience)) throw new TokenInvalidError('The token is meant for another audience.');
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) throw new TokenInvalidError('The token is not valid yet.');
    if (typeof exp !== 'number') throw new TokenInvalidError('The token has no expiry.');
    if (nowSeconds >= exp) throw new TokenExpiredError();
  }
}

/** Reads the protected header, to pick the key; the signature check decides whether to trust it. */
function protectedHeaderOf(token: string): { alg?: unknown; kid?: unknown; typ?: unknown; crit?: unknown } | undefined {
  const dot = token.indexOf('.');
  // Stryker disable next-line EqualityOperator: `dot < 0` differs only at dot 0, where the header segment is empty and JSON.parse('') throws, giving the same undefined.
  if (dot <= 0 || dot > 1024) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    // Stryker disable next-line ConditionalExpression,LogicalOperator: JSON null, a list or a primitive never has typ 'at+jwt', so `header?.typ` in verify refuses it with the same message whether or not this guard lets it through.
    // Stryker disable BlockStatement: an emptied catch falls through to the end of the function, which returns undefined as well.
    return typeof header === 'object' && header !== null && !Array.isArray(header) ? header : undefined;
  } catch {
    // Stryker restore BlockStatement
    return undefined;
  }
}
