// Threat: a burst of sign-ins that queues for seconds, or one that is refused sooner than
// configured. Each hashing thread is handed its next hash early, out of the queue's allowance, so
// exactly maxConcurrent + maxQueued checks are admitted at once and the rest refused with 503 at
// once, whatever the split.
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../domain/auth-error';
import { Argon2PasswordHasher } from './argon2-password-hasher';

let hashers: Argon2PasswordHasher[] = [];
afterEach(async () => {
  await Promise.all(hashers.map((hasher) => hasher.close()));
  hashers = [];
});

describe('Argon2PasswordHasher admission', () => {
  it.each([
    [1, 0],
    [1, 2],
    [2, 1],
    [2, 5],
  ])('with maxConcurrent %i and maxQueued %i, admits exactly their sum of a burst and refuses the rest at once', async (maxConcurrent, maxQueued) => {
    const hasher = new Argon2PasswordHasher({ maxConcurrent, maxQueued });
    hashers.push(hasher);
    const stored = await hasher.hash('the-password');
    const burst = Array.from({ length: maxConcurrent + maxQueued + 3 }, () =>
      hasher.verify(stored, 'the-password').then(
        (matched) => (matched ? 'checked' : 'mismatch'),
        (error: unknown) => (error instanceof ServiceUnavailableError ? 'refused' : `error ${String(error)}`),
      ),
    );
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((outcome) => outcome === 'checked')).toHaveLength(maxConcurrent + maxQueued);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(3);
  });

  it('closes before its start-up hash is done without an unhandled rejection (the run reports one)', async () => {
    const hasher = new Argon2PasswordHasher();
    await hasher.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(hasher.verifyNobody('a guess')).rejects.toThrow('A password hashing worker exited');
  });

  it('refuses to hash once closed, and a check then fails closed', async () => {
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1 });
    const stored = await hasher.hash('pw');
    await hasher.close();
    await expect(hasher.hash('pw')).rejects.toThrow('The password hashing workers are closed.');
    await expect(hasher.verify(stored, 'pw')).resolves.toBe(false);
  });
});
