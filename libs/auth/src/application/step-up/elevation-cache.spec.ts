// Threat: a remembered elevation outliving its session. The guard trusts this process's recent
// store answers for a reusable elevation; a logout here must end it at once, one on another
// instance within sessionCheckStalenessMs, and a one-shot elevation must never be served from here
// (only the store can spend it once).
import { describe, expect, it } from 'vitest';
import type { Elevation } from '../../domain/elevation';
import type { AuthSettings } from '../auth-settings';
import { SessionStatusCache } from '../tokens/session-status-cache';
import { ElevationCache } from './elevation-cache';

const start = new Date('2026-03-01T09:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const key = { userId: 'u1', sessionId: 's1', operation: 'transfer_funds' };
const elevation = (changes: Partial<Elevation> = {}): Elevation => ({ ...key, operationId: 'op1', grantedAt: start, expiresAt: at(300_000), oneShot: false, ...changes });

function cacheWith(sessionCheckStalenessMs: number) {
  const settings = { sessionCheckStalenessMs, verifiedTokenCacheSize: 100 } as AuthSettings;
  const sessions = new SessionStatusCache(settings);
  return { cache: new ElevationCache(settings, sessions), sessions };
}

describe('ElevationCache', () => {
  it('serves a reusable elevation for less than sessionCheckStalenessMs after the store answered, then asks again', () => {
    const { cache } = cacheWith(1000);
    cache.remember(elevation(), start);
    expect(cache.find(key, at(999))).toMatchObject({ operationId: 'op1' });
    expect(cache.find(key, at(1000))).toBeUndefined();
  });

  it('forgets the elevation of a session revoked in this process at once', () => {
    const { cache, sessions } = cacheWith(1000);
    cache.remember(elevation(), start);
    sessions.markRevoked('s1');
    expect(cache.find(key, at(1))).toBeUndefined();
  });

  it('never holds a one-shot elevation, and never serves one past its expiry', () => {
    const { cache } = cacheWith(1000);
    cache.remember(elevation({ oneShot: true }), start);
    expect(cache.find(key, at(1))).toBeUndefined();
    cache.remember(elevation({ expiresAt: at(500) }), start);
    expect(cache.find(key, at(500))).toBeUndefined();
  });

  it('answers only for its own user, session and operation', () => {
    const { cache } = cacheWith(1000);
    cache.remember(elevation(), start);
    expect(cache.find({ ...key, operation: 'export_report' }, at(1))).toBeUndefined();
    expect(cache.find({ ...key, userId: 'u2' }, at(1))).toBeUndefined();
    expect(cache.find({ ...key, sessionId: 's2' }, at(1))).toBeUndefined();
  });

  it('holds nothing with sessionCheckStalenessMs 0', () => {
    const { cache } = cacheWith(0);
    cache.remember(elevation(), start);
    expect(cache.find(key, start)).toBeUndefined();
  });
});
