// Threat: a refresh-token collision that fails silently or cryptically. A successor whose hash is
// already stored would, if written, overwrite another session's token; the memory adapter refuses
// it before anything changes (the contract suite checks that both tokens stay usable), and the
// error must say why, for the operator reading the log of a failed refresh.
import { describe, expect, it } from 'vitest';
import { firstRefreshToken, successorOf } from '../../domain/refresh-token';
import { MemoryRefreshTokenRepository } from './memory-refresh-token.repository';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('MemoryRefreshTokenRepository successor collisions', () => {
  it('a successor whose hash is taken is refused with an error naming the collision', async () => {
    const repository = new MemoryRefreshTokenRepository();
    const mine = firstRefreshToken({ hash: 'hash-of-mine', sessionId: 's-1', userId: 'u-1', now: NOW, ttlSeconds: 3600 });
    const theirs = firstRefreshToken({ hash: 'hash-of-theirs', sessionId: 's-2', userId: 'u-2', now: NOW, ttlSeconds: 3600 });
    await repository.save(mine);
    await repository.save(theirs);
    const clashing = () => successorOf(mine, 'hash-of-theirs', NOW, 3600);
    await expect(repository.rotate('hash-of-mine', NOW, clashing)).rejects.toThrow(new Error('A refresh token with the successor hash is already stored'));
  });
});
