import { Injectable } from '@nestjs/common';
import { AuthSettings } from '../auth-settings';
import { BoundedMap } from './bounded-map';

interface CachedStatus {
  readonly active: boolean;
  readonly checkedAt: number;
}

/**
 * This process's view of which stateful sessions are active. A revocation made here is seen at once
 * (`markRevoked`); one made by another instance is seen once the cached answer is older than
 * `sessionCheckStalenessMs`, the bound on how stale an "active" answer may be.
 */
@Injectable()
export class SessionStatusCache {
  private readonly statuses: BoundedMap<string, CachedStatus>;

  constructor(private readonly settings: AuthSettings) {
    this.statuses = new BoundedMap(settings.verifiedTokenCacheSize);
  }

  /** `true`/`false` when a fresh enough answer is cached, `undefined` when the store must be asked. */
  isActive(sessionId: string, now: Date): boolean | undefined {
    const status = this.statuses.get(sessionId);
    if (!status) return undefined;
    if (!status.active) return false;
    return now.getTime() - status.checkedAt <= this.settings.sessionCheckStalenessMs ? true : undefined;
  }

  remember(sessionId: string, active: boolean, now: Date): void {
    // A store read that started before a revocation here may answer after it: its stale "active"
    // must not replace the revocation (revoked sessions never become active again).
    if (active && this.statuses.get(sessionId)?.active === false) return;
    this.statuses.set(sessionId, { active, checkedAt: now.getTime() });
  }

  markRevoked(sessionId: string): void {
    this.statuses.set(sessionId, { active: false, checkedAt: Number.MAX_SAFE_INTEGER });
  }
}
