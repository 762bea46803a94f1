#!/usr/bin/env node
// `npm run bench:flow`: completed sign-ins per second against what argon2id allows on this machine.
// A sign-in costs one argon2id verification (m=19456 KiB, t=2, p=1), so no server can complete more
// than (cores ÷ seconds per hash) of them a second: that is the bound, timed in this run. The demo
// runs from dist in separate server processes; autocannon drives them from this one, over 127.0.0.1.
//   (b) POST /auth/login with the right password, completed sign-ins/s, AUTH_MODE stateful and stateless
//   (c) password + access PIN (DEMO_ACCESS_PIN), completed flows/s, both modes
//   (d) password + TOTP: POST /auth/login, then POST /auth/validate/totp with the current code, both modes
// (b) and (c) with the hasher's default concurrency (max(1, cores - 1)) and with PASSWORD_MAX_CONCURRENT=cores,
// (d) with PASSWORD_MAX_CONCURRENT=cores only. A user's TOTP step is accepted once, so each (d) server
// seeds a pool of users with TOTP enrolled (BENCH_TOTP_USERS, flow/totp-seed.mjs) and the load hands
// each user out at most once per 30 s step; the pool is sized from the bound timed before the servers
// start (flow/totp-pool.mjs), and a round that finds it spent fails the run.
// Knobs: BENCH_ROUNDS (3), BENCH_SECONDS (4), BENCH_CONNECTIONS (12), BENCH_HASHES (20),
// BENCH_TOTP_USERS (sized from the bound), BENCH_DEADLINE_SECONDS (300). Servers exit with this
// process (their stdin closes) or at the deadline.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Algorithm, hash } from '@node-rs/argon2';
import { ensureBuild } from './lib/build.mjs';
import { machineBusyShare, machineMeter } from './lib/cpu.mjs';
import { positiveInt } from './lib/knobs.mjs';
import { runBench } from './lib/lifecycle.mjs';
import { log, median, secondsSince } from './lib/report.mjs';
import { ms, printHeader, printReport } from './flow/report.mjs';
import { check, checkTotpSignIn, CORES, measure, SERVERS, startFlowServer } from './flow/sign-ins.mjs';
import { totpPoolSize } from './flow/totp-pool.mjs';

const require = createRequire(import.meta.url);
const env = process.env;
const settings = {
  rounds: positiveInt(env.BENCH_ROUNDS, 3),
  seconds: positiveInt(env.BENCH_SECONDS, 4),
  connections: positiveInt(env.BENCH_CONNECTIONS, 12),
  hashes: positiveInt(env.BENCH_HASHES, 20),
  totpUsers: env.BENCH_TOTP_USERS ? positiveInt(env.BENCH_TOTP_USERS) : undefined,
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, 300),
};
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const WARM_UP_SECONDS = 1;
const SCENARIOS = ['login', 'flow', 'totp'];

runBench({ name: 'bench:flow', deadlineSeconds: settings.deadlineSeconds, onError: (error) => console.error(error) }, main);

async function main() {
  const started = performance.now();
  ensureBuild();
  printHeader(settings);
  const idle = await machineBusyShare(1000, CORES);
  log(`machine before start: ${(idle * 100).toFixed(0)}% of ${CORES} cores busy${idle > 0.1 ? ' (other work is running: expect lower, noisier figures)' : ''}`);

  // The hash is timed before, between and after the rounds (the servers idle meanwhile), so the
  // bound follows the machine's speed through the run rather than one moment of it. The first
  // timing comes before the servers start, because it sizes their TOTP pools.
  const hashSlots = [await timeHashes(settings.hashes)];
  log(`argon2id m=19456 t=2 p=1: ${ms(median(hashSlots[0]))} ms per hash (median of ${settings.hashes}, sequential, in this process)`);
  const parallelRates = [await parallelHashRate(settings.hashes)];
  const { servers, totp } = await startServers(hashSlots[0]);

  const machine = machineMeter(() => servers.map((server) => server.child.pid));
  const runs = [];
  for (const scenario of SCENARIOS) {
    const own = servers.filter((s) => s.scenario === scenario);
    if (scenario === 'totp') await warmUpTotp(own);
    for (let round = 1; round <= settings.rounds; round++) {
      log(`${scenario}: round ${round}/${settings.rounds}`);
      for (const server of own) runs.push({ server, ...(await measure(server, settings)) });
      hashSlots.push(await timeHashes(Math.ceil(settings.hashes / 2)));
    }
  }
  const load = machine();
  const others = Math.max(0, load.others + load.steal) / CORES;
  hashSlots.push(await timeHashes(settings.hashes));
  parallelRates.push(await parallelHashRate(settings.hashes));
  const pools = servers.filter((s) => s.pool).map((s) => ({ server: s, peak: s.pool.peakPerStep(), exhausted: s.pool.exhausted }));
  printReport(runs, median(hashSlots.flat()) / 1000, hashSlots.map(median), { ...totp, pools }, median(parallelRates));
  console.log(`other processes used ${(others * 100).toFixed(0)}% of the ${CORES} cores while the rounds ran${others > 0.05 ? ': the figures are disturbed, run again on a quiet machine' : ''}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  failOnSpentPools(pools, totp.users);
}

/**
 * Starts every server (the (d) ones seed their TOTP pools first) and checks and warms up the (b)
 * and (c) ones. The pools are sized from the fastest of `firstHashes`: a busy moment then must not
 * leave them short once the machine is quieter.
 */
async function startServers(firstHashes) {
  const totp = settings.totpUsers
    ? { users: settings.totpUsers, sizing: 'BENCH_TOTP_USERS' }
    : totpPoolSize({ ...settings, bound: CORES / (Math.min(...firstHashes) / 1000), warmUpSeconds: WARM_UP_SECONDS });
  log(`TOTP pool: ${totp.users} users with TOTP enrolled per (d) server = ${totp.sizing}`);
  const starting = performance.now();
  const maxSeconds = settings.deadlineSeconds + 30;
  const servers = await Promise.all(SERVERS.map((spec) => startFlowServer(spec, { maxSeconds, totpUsers: totp.users })));
  log(`${servers.length} servers listening, the (d) ones seeded, in ${secondsSince(starting)} s`);
  for (const server of servers) await check(server);
  log(`warm-up: ${WARM_UP_SECONDS} s on each (b) and (c) server`);
  for (const server of servers.filter((s) => s.scenario !== 'totp')) await measure(server, { ...settings, seconds: WARM_UP_SECONDS });
  return { servers, totp };
}

/** Once a pool is spent, its sign-ins stop at the password and send no code: the (d) rates then mean nothing. */
function failOnSpentPools(pools, users) {
  const spent = pools.filter((p) => p.exhausted > 0);
  if (!spent.length) return;
  const which = spent.map((p) => `${p.server.key}: ${p.exhausted} sign-ins`).join(', ');
  throw new Error(`the TOTP pool of ${users} users ran out (${which} found every user's code of the step spent), so the (d) figures are not valid: set BENCH_TOTP_USERS higher`);
}

/**
 * Enrolment spent the codes of its last time step, so the (d) servers are warmed up from the next
 * one on (in a full run the (b) and (c) rounds have long taken the bench past it).
 */
async function warmUpTotp(servers) {
  const wait = Math.max(...servers.map((server) => server.pool.msUntilReady()));
  if (wait > 0) log(`totp: ${(wait / 1000).toFixed(1)} s until the time step after enrolment`);
  await new Promise((r) => setTimeout(r, wait));
  log(`warm-up: one TOTP sign-in, then ${WARM_UP_SECONDS} s, on each (d) server`);
  for (const server of servers) {
    await checkTotpSignIn(server);
    await measure(server, { ...settings, seconds: WARM_UP_SECONDS });
  }
}

/**
 * Hashes per second with every core hashing at once: one worker thread per core, each computing
 * `count` hashes back to back (no hand-off through an event loop between them). The bound assumes
 * cores hash as fast together as one does alone; where they share caches, memory bandwidth or a
 * physical core, they do not, and this shows by how much.
 */
async function parallelHashRate(count) {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { hashSync } = require(workerData.argon2);
    hashSync('bench-warm-up', workerData.options);
    parentPort.postMessage('ready');
    parentPort.once('message', () => {
      for (let i = 0; i < workerData.count; i++) hashSync('bench-parallel-' + i, workerData.options);
      parentPort.postMessage('done');
    });`;
  const workerData = { argon2: require.resolve('@node-rs/argon2'), options: ARGON2, count };
  const workers = Array.from({ length: CORES }, () => new Worker(source, { eval: true, workerData }));
  // Timed from when every worker has warmed up; a worker that fails rejects instead of hanging the run.
  const messages = workers.map((worker) => {
    const queue = [];
    worker.on('message', (message) => queue.shift()?.resolve(message));
    worker.on('error', (error) => queue.splice(0).forEach((waiter) => waiter.reject(error)));
    return () => new Promise((resolve, reject) => queue.push({ resolve, reject }));
  });
  const ready = messages.map((next) => next());
  await Promise.all(ready);
  const finished = messages.map((next) => next());
  const started = performance.now();
  for (const worker of workers) worker.postMessage('go');
  await Promise.all(finished);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.terminate()));
  return (CORES * count) / seconds;
}

/** Milliseconds of each of `count` sequential argon2id hashes (after one untimed). */
async function timeHashes(count) {
  await hash('bench-warm-up', ARGON2);
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await hash(`bench-password-${i}`, ARGON2);
    times.push(performance.now() - started);
  }
  return times;
}
