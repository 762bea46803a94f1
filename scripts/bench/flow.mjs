#!/usr/bin/env node
// `npm run bench:flow`: completed sign-ins per second against what argon2id allows on this machine.
// A sign-in costs one argon2id verification (m=19456 KiB, t=2, p=1), so no server can complete more
// than (cores ÷ seconds per hash) of them a second: that is the bound, timed in this run. The demo
// runs from dist in separate server processes; autocannon drives them from this one, over 127.0.0.1.
//   (b) POST /auth/login with the right password, completed sign-ins/s, AUTH_MODE stateful and stateless
//   (c) password + access PIN (DEMO_ACCESS_PIN), completed flows/s, both modes
// each with the hasher's default concurrency (max(1, cores - 1)) and with PASSWORD_MAX_CONCURRENT=cores.
// Knobs: BENCH_ROUNDS (3), BENCH_SECONDS (4), BENCH_CONNECTIONS (12), BENCH_HASHES (20),
// BENCH_DEADLINE_SECONDS (300). Servers exit with this process (their stdin closes) or at the deadline.
import { performance } from 'node:perf_hooks';
import { Algorithm, hash } from '@node-rs/argon2';
import { ensureBuild } from './lib/build.mjs';
import { machineBusyShare, machineMeter } from './lib/cpu.mjs';
import { positiveInt } from './lib/knobs.mjs';
import { runBench } from './lib/lifecycle.mjs';
import { log, median } from './lib/report.mjs';
import { ms, printHeader, printReport } from './flow/report.mjs';
import { check, CORES, measure, SERVERS, startFlowServer } from './flow/sign-ins.mjs';

const env = process.env;
const settings = {
  rounds: positiveInt(env.BENCH_ROUNDS, 3),
  seconds: positiveInt(env.BENCH_SECONDS, 4),
  connections: positiveInt(env.BENCH_CONNECTIONS, 12),
  hashes: positiveInt(env.BENCH_HASHES, 20),
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, 300),
};
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

runBench({ name: 'bench:flow', deadlineSeconds: settings.deadlineSeconds, onError: (error) => console.error(error) }, main);

async function main() {
  const started = performance.now();
  ensureBuild();
  printHeader(settings);
  const idle = await machineBusyShare(1000, CORES);
  log(`machine before start: ${(idle * 100).toFixed(0)}% of ${CORES} cores busy${idle > 0.1 ? ' (other work is running: expect lower, noisier figures)' : ''}`);
  const maxSeconds = settings.deadlineSeconds + 30;
  const servers = await Promise.all(SERVERS.map((spec) => startFlowServer(spec, { maxSeconds })));
  for (const server of servers) await check(server);

  // The hash is timed before, between and after the rounds (the servers idle meanwhile), so the
  // bound follows the machine's speed through the run rather than one moment of it.
  const hashSlots = [await timeHashes(settings.hashes)];
  log(`argon2id m=19456 t=2 p=1: ${ms(median(hashSlots[0]))} ms per hash (median of ${settings.hashes}, sequential, in this process)`);
  log('warm-up: 1 s on each server');
  for (const server of servers) await measure(server, { seconds: 1, connections: settings.connections });

  const machine = machineMeter(() => servers.map((server) => server.child.pid));
  const runs = [];
  for (const scenario of ['login', 'flow']) {
    for (let round = 1; round <= settings.rounds; round++) {
      log(`${scenario}: round ${round}/${settings.rounds}`);
      for (const server of servers.filter((s) => s.scenario === scenario)) runs.push({ server, ...(await measure(server, settings)) });
      hashSlots.push(await timeHashes(Math.ceil(settings.hashes / 2)));
    }
  }
  const load = machine();
  const others = Math.max(0, load.others + load.steal) / CORES;
  hashSlots.push(await timeHashes(settings.hashes));
  printReport(runs, median(hashSlots.flat()) / 1000, hashSlots.map(median));
  console.log(`other processes used ${(others * 100).toFixed(0)}% of the ${CORES} cores while the rounds ran${others > 0.05 ? ': the figures are disturbed, run again on a quiet machine' : ''}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
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
