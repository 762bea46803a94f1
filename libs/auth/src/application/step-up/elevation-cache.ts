import { Injectable } from '@nestjs/common';
import { type Elevation, type ElevationKey, isLive } from '../../domain/elevation';
import { AuthSettings } from '../auth-settings';
import { BoundedMap } from '../tokens/bounded-map';
import { SessionStatusCache } from '../tokens/session-status-cache';

interface HeldElevation {
  readonly elevation: Elevation;
  readonly checkedAt: number;
}

const keyOf = ({ userId, sessionId, operation }: ElevationKey) => `${sessionId}\u0000${userId}\u0000${operation}`;

/**
 * This process's recent answers of the elevation store for reusable elevations, trusted for
 * `sessionCheckStalenessMs` as the session store's answers are: a logout here ends them at once (the
 * session is marked revoked in this process), one on another instance within that bound, the same
 * bound within which that instance's revocation stops the session's tokens. One-shot elevations are
 * never held here: only the store can spend one once.
 */
@Injectable()
export class ElevationCache {
  private readonly held: BoundedMap<string, HeldElevation>;

  constructor(
    private readonly settings: AuthSettings,
    private readonly sessions: SessionStatusCache,
  ) {
    this.held = new BoundedMap(settings.verifiedTokenCacheSize);
  }

  find(key: ElevationKey, now: Date): Elevation | undefined {
    if (this.sessions.isActive(key.sessionId, now) === false) return undefined;
    const entry = this.held.get(keyOf(key));
    if (!entry) return undefined;
    if (now.getTime() - entry.checkedAt < this.settings.sessionCheckStalenessMs && isLive(entry.elevation, now)) return entry.elevation;
    this.held.delete(keyOf(key));
    return undefined;
  }

  remember(elevation: Elevation, now: Date): void {
    if (!elevation.oneShot) this.held.set(keyOf(elevation), { elevation, checkedAt: now.getTime() });
  }
}
