import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from '../../domain/access-token-claims';
import { AuthSettings } from '../auth-settings';
import { BoundedMap } from './bounded-map';

/**
 * Remembers access tokens whose signature has been checked, keyed by the whole token, until the
 * token's own `exp`. Only successes are stored, so a forged token is checked every time it comes.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly verified: BoundedMap<string, AccessTokenClaims>;

  constructor(settings: AuthSettings) {
    this.verified = new BoundedMap(settings.verifiedTokenCacheSize);
  }

  get(token: string, now: Date): AccessTokenClaims | undefined {
    const claims = this.verified.get(token);
    if (claims && claims.exp * 1000 <= now.getTime()) {
      this.verified.delete(token);
      return undefined;
    }
    return claims;
  }

  remember(token: string, claims: AccessTokenClaims): void {
    this.verified.set(token, claims);
  }
}
