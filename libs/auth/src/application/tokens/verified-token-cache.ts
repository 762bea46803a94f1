import { Injectable } from '@nestjs/common';
import { AuthSettings } from '../auth-settings';
import type { AccessContext } from './access-context';
import { BoundedMap } from './bounded-map';

/**
 * Remembers access tokens whose signature has been checked, keyed by the whole token, until the
 * token's own `exp`. Only successes are stored, so a forged token is checked every time it comes.
 * Keying by the token string is sound because verifiers accept one spelling per signature only
 * (no high-S ECDSA twins, canonical base64url).
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly verified: BoundedMap<string, AccessContext>;

  constructor(settings: AuthSettings) {
    this.verified = new BoundedMap(settings.verifiedTokenCacheSize);
  }

  get(token: string, now: Date): AccessContext | undefined {
    const access = this.verified.get(token);
    if (access && access.expiresAt * 1000 <= now.getTime()) {
      this.verified.delete(token);
      return undefined;
    }
    return access;
  }

  remember(token: string, access: AccessContext): void {
    this.verified.set(token, access);
  }
}
