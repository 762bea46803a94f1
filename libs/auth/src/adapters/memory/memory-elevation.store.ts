import { type Elevation, type ElevationKey, isLive } from '../../domain/elevation';
import { ElevationStore } from '../../ports/elevation-store';
import { ExpirySweeper } from './expiry-sweeper';

/** The elevations of one session, by user and operation, and when the last of them expires. */
interface SessionElevations {
  expiresAt: number;
  readonly byOperation: Map<string, Elevation>;
}

const operationKeyOf = ({ userId, operation }: ElevationKey) => JSON.stringify([userId, operation]);

// Dates are mutable: neither the caller's nor a reader's copy may change what is stored.
const copyOf = (elevation: Elevation): Elevation => ({ ...elevation, grantedAt: new Date(elevation.grantedAt), expiresAt: new Date(elevation.expiresAt) });

/**
 * Elevations of one process: for a single instance. Grouped by session, so revoking a session
 * drops its elevations at once; a session's group is swept once its last elevation has expired,
 * and an expired elevation inside a live group is dropped when it is next looked at.
 */
export class MemoryElevationStore extends ElevationStore {
  private readonly sessions = new Map<string, SessionElevations>();
  private readonly sweeper = new ExpirySweeper(this.sessions, (group) => group.expiresAt);

  async grant(elevation: Elevation, now: Date): Promise<boolean> {
    this.sweeper.sweep(now.getTime());
    const group = this.sessions.get(elevation.sessionId) ?? { expiresAt: 0, byOperation: new Map<string, Elevation>() };
    const key = operationKeyOf(elevation);
    const held = group.byOperation.get(key);
    if (held && isLive(held, now) && held.operationId === elevation.operationId) return false;
    group.byOperation.set(key, copyOf(elevation));
    group.expiresAt = Math.max(group.expiresAt, elevation.expiresAt.getTime());
    this.sessions.set(elevation.sessionId, group);
    return true;
  }

  async find(key: ElevationKey, now: Date): Promise<Elevation | undefined> {
    const held = this.live(key, now);
    return held ? copyOf(held) : undefined;
  }

  async spend(key: ElevationKey, now: Date, operationId?: string): Promise<boolean> {
    const held = this.live(key, now);
    if (!held || (operationId !== undefined && held.operationId !== operationId)) return false;
    this.sessions.get(key.sessionId)!.byOperation.delete(operationKeyOf(key));
    return true;
  }

  async revokeSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  private live(key: ElevationKey, now: Date): Elevation | undefined {
    const group = this.sessions.get(key.sessionId);
    const id = operationKeyOf(key);
    const held = group?.byOperation.get(id);
    if (!held) return undefined;
    if (isLive(held, now)) return held;
    group!.byOperation.delete(id);
    return undefined;
  }
}
