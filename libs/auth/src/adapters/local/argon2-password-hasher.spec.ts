import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher } from './argon2-password-hasher';
import { ConcurrencyLimit } from './concurrency-limit';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at the OWASP parameters (m=19456 KiB, t=2, p=1)', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horsE')).resolves.toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, not as an error', async () => {
    await expect(hasher.verify('not-a-phc-string', 'anything')).resolves.toBe(false);
  });

  it('never matches for an unknown user', async () => {
    await expect(hasher.verifyNobody('')).resolves.toBe(false);
  });
});

describe('ConcurrencyLimit', () => {
  it('never runs more than its limit at once and runs every task', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async (value: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return value;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => limit.run(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('frees its place when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
