import { describe, expect, it, vi } from 'vitest';
import { Algorithm, hash } from '@node-rs/argon2';
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

  it('checks an unknown user against a real argon2id hash of the configured cost, not a cheap stand-in', async () => {
    const runs = vi.spyOn(hasher as unknown as { verifyOnce: (hash: string, password: string) => Promise<boolean> }, 'verifyOnce');
    await hasher.verifyNobody('a guess');
    expect(runs).toHaveBeenCalledTimes(1);
    expect(runs.mock.calls[0]).toEqual([expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/), 'a guess']);
    runs.mockRestore();
  });

  it('hashes the NFKC form: a password typed in fullwidth letters verifies as its ASCII form, and back', async () => {
    const typedFullwidth = await hasher.hash('ｃｏｒｒｅｃｔ ｈｏｒｓｅ');
    await expect(hasher.verify(typedFullwidth, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(await hasher.hash('correct horse'), 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ')).resolves.toBe(true);
    await expect(hasher.verify(typedFullwidth, 'correct horsE')).resolves.toBe(false);
  });

  // Hashes made before normalisation was introduced hold the password exactly as it was typed.
  const legacyHash = (password: string) => hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

  it('still verifies an ASCII password hashed before passwords were normalised', async () => {
    await expect(hasher.verify(await legacyHash('tr0ub4dor&3'), 'tr0ub4dor&3')).resolves.toBe(true);
  });

  it('still verifies a non-NFKC password hashed as typed, with exactly what was typed', async () => {
    const stored = await legacyHash('ｓｅｃｒｅｔ-ｐａｓｓ');
    await expect(hasher.verify(stored, 'ｓｅｃｒｅｔ-ｐａｓｓ')).resolves.toBe(true);
    // Its NFKC form was never the password of that hash.
    await expect(hasher.verify(stored, 'secret-pass')).resolves.toBe(false);
  });

  it('spends as many hash computations on an unknown user as on a wrong password, NFKC form or not', async () => {
    const stored = await hasher.hash('the-real-password');
    const runs = vi.spyOn(hasher as unknown as { verifyOnce: () => Promise<boolean> }, 'verifyOnce');
    for (const [guess, computations] of [['wrong-guess', 1], ['ｗｒｏｎｇ-ｇｕｅｓｓ', 2]] as const) {
      runs.mockClear();
      await hasher.verify(stored, guess);
      expect(runs.mock.calls.length).toBe(computations);
      runs.mockClear();
      await hasher.verifyNobody(guess);
      expect(runs.mock.calls.length).toBe(computations);
    }
    runs.mockRestore();
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
