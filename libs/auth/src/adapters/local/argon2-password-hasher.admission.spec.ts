// Threat: a burst of sign-ins that queues for seconds, or one that is refused sooner than
// configured. Each hashing thread is handed its next hash early, out of the queue's allowance, so
// exactly maxConcurrent + maxQueued checks are admitted at once and the rest refused with 503 at
// once, whatever the split.
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../domain/auth-error';
import { Argon2PasswordHasher } from './argon2-password-hasher';
import { HashWorkersUnavailableError } from './hash-workers';

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
    await expect(hasher.verifyNobody('a guess')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('answers 503 for a check no thread can run, never a mismatch: a correct password is not told it is wrong', async () => {
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1 });
    const stored = await hasher.hash('pw');
    await hasher.close();
    await expect(hasher.verify(stored, 'pw')).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(hasher.hash('pw')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('makes the unknown-user hash again after a failed one, so unknown usernames keep answering like wrong passwords', async () => {
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1 });
    hashers.push(hasher);
    await hasher.ready();
    const lost = Promise.reject(new HashWorkersUnavailableError('lost'));
    lost.catch(() => undefined);
    (hasher as unknown as { dummyHash: Promise<string> }).dummyHash = lost;
    await expect(hasher.verifyNobody('a guess')).resolves.toBe(false);
    await expect(hasher.verifyNobody('another guess')).resolves.toBe(false);
  });

  it.each([
    [{ maxConcurrent: 1.5 }, 'password.maxConcurrent must be a positive integer, not 1.5'],
    [{ maxConcurrent: 0 }, 'password.maxConcurrent must be a positive integer, not 0'],
    [{ maxQueued: 0.5 }, 'password.maxQueued must be an integer of 0 or more, not 0.5'],
    [{ maxQueued: -1 }, 'password.maxQueued must be an integer of 0 or more, not -1'],
  ])('refuses %o at construction', (options, message) => {
    expect(() => new Argon2PasswordHasher(options)).toThrow(message);
  });
});
