// Threat: a sign-in that hangs or passes because the thread computing its hash misbehaved. The
// workers must compute what the library computes, run no more hashes at once than they were sized
// for, fail (not hang) the jobs of a worker that stops, and refuse work once closed.
import { Algorithm, hash as hashInProcess, verify as verifyInProcess } from '@node-rs/argon2';
import { afterEach, describe, expect, it } from 'vitest';
import { HashWorkers } from './hash-workers';

const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 };
let pools: HashWorkers[] = [];
const poolOf = (size: number) => {
  const pool = new HashWorkers(size);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  pools = [];
});

describe('HashWorkers', () => {
  it('hashes on a worker thread what the library verifies in this thread, and back', async () => {
    const workers = poolOf(1);
    const made = (await workers.run({ op: 'hash', args: ['correct horse', PARAMS] })) as string;
    expect(made).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyInProcess(made, 'correct horse')).toBe(true);
    const elsewhere = await hashInProcess('battery staple', PARAMS);
    expect(await workers.run({ op: 'verify', args: [elsewhere, 'battery staple'] })).toBe(true);
    expect(await workers.run({ op: 'verify', args: [elsewhere, 'battery stapler'] })).toBe(false);
  });

  it('rejects a job the library refuses (a malformed stored hash) with its reason', async () => {
    await expect(poolOf(1).run({ op: 'verify', args: ['not-a-phc-string', 'anything'] })).rejects.toThrow(/./);
  });

  it('starts threads on demand and never more than its size, however many jobs are out', async () => {
    const workers = poolOf(2);
    expect(workers.threads).toBe(0);
    const stored = await hashInProcess('pw', PARAMS);
    const jobs = Array.from({ length: 2 * HashWorkers.JOBS_PER_WORKER }, () => workers.run({ op: 'verify', args: [stored, 'pw'] }));
    expect(workers.threads).toBe(2);
    expect(await Promise.all(jobs)).toEqual(jobs.map(() => true));
    expect(workers.threads).toBe(2);
  });

  it('fails the jobs a closing pool still holds instead of leaving them waiting, and refuses new ones', async () => {
    const workers = new HashWorkers(1);
    const slow = workers.run({ op: 'hash', args: ['pw', { ...PARAMS, memoryCost: 65536, timeCost: 3 }] });
    await workers.close();
    await expect(slow).rejects.toThrow('A password hashing worker exited');
    await expect(workers.run({ op: 'hash', args: ['pw', PARAMS] })).rejects.toThrow('The password hashing workers are closed.');
    expect(workers.threads).toBe(0);
  });
});
