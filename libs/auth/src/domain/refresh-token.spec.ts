import { describe, expect, it } from 'vitest';
import { firstRefreshToken, refusalOf, successorOf } from './refresh-token';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('refresh token family', () => {
  const first = firstRefreshToken({ hash: 'h0', sessionId: 's1', userId: 'u1', now: t0, ttlSeconds: 100 });

  it('starts at generation 0 and expires after its lifetime', () => {
    expect(first).toEqual({ hash: 'h0', sessionId: 's1', userId: 'u1', generation: 0, issuedAt: t0, expiresAt: at(100) });
    expect(refusalOf(first, at(99))).toBeUndefined();
    expect(refusalOf(first, at(100))).toBe('expired');
  });

  it('hands the family to a successor with a fresh lifetime', () => {
    const next = successorOf(first, 'h1', at(50), 100);
    expect(next).toEqual({ hash: 'h1', sessionId: 's1', userId: 'u1', generation: 1, issuedAt: at(50), expiresAt: at(150) });
  });

  it('reports reuse of a spent token before its revocation or expiry, since reuse means theft', () => {
    const spentRevokedExpired = { ...first, spentAt: at(1), revokedAt: at(2) };
    expect(refusalOf(spentRevokedExpired, at(500))).toBe('reused');
    expect(refusalOf({ ...first, revokedAt: at(2) }, at(500))).toBe('revoked');
  });
});
