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
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Algorithm, hash } from '@node-rs/argon2';
import autocannon from 'autocannon';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER_ENTRY = join(ROOT, 'scripts/bench/flow-server.mjs');
const DIST_ENTRY = join(ROOT, 'dist/apps/demo/src/main.js');

const env = process.env;
const settings = {
  rounds: positiveInt(env.BENCH_ROUNDS, 3),
  seconds: positiveInt(env.BENCH_SECONDS, 4),
  connections: positiveInt(env.BENCH_CONNECTIONS, 12),
  hashes: positiveInt(env.BENCH_HASHES, 20),
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, 300),
};
const CORES = availableParallelism();
const DEFAULT_MAX_CONCURRENT = Math.max(1, CORES - 1);
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const TARGET = 0.85;
const PIN = '246810';
const LOGIN_BODY = JSON.stringify({ username: 'alice', password: 'alice-demo-password' });
const JSON_HEADERS = { 'content-type': 'application/json' };

/** (b) password sign-ins on a demo without the PIN; (c) password + access PIN on a demo with it. */
const SERVERS = ['login', 'flow'].flatMap((scenario) =>
  [undefined, CORES].flatMap((maxConcurrent) =>
    ['stateful', 'stateless'].map((mode) => ({ scenario, mode, maxConcurrent, key: `${scenario}/${mode}/${maxConcurrent ?? 'default'}` })),
  ),
);

const servers = [];
let deadline;

main()
  .then(() => shutdown(0))
  .catch((error) => {
    console.error(error);
    return shutdown(1);
  });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));

async function main() {
  const started = performance.now();
  deadline = setTimeout(() => {
    console.error(`\nbench:flow: deadline of ${settings.deadlineSeconds} s reached, stopping.`);
    void shutdown(1);
  }, settings.deadlineSeconds * 1000);
  ensureBuild();
  console.log(
    `bench:flow — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${CORES} CPUs (availableParallelism); ` +
      `${settings.rounds} rounds × ${settings.seconds} s per server, autocannon -c ${settings.connections}`,
  );

  const idle = await machineBusyShare(1000);
  log(`machine before start: ${(idle * 100).toFixed(0)}% of ${CORES} cores busy${idle > 0.1 ? ' (other work is running: expect lower, noisier figures)' : ''}`);
  servers.push(...(await Promise.all(SERVERS.map(startServer))));
  for (const server of servers) await check(server);

  // The hash is timed before, between and after the rounds (the servers idle meanwhile), so the
  // bound follows the machine's speed through the run rather than one moment of it.
  const hashSlots = [await timeHashes(settings.hashes)];
  log(`argon2id m=19456 t=2 p=1: ${ms(median(hashSlots[0]))} ms per hash (median of ${settings.hashes}, sequential, in this process)`);

  log('warm-up: 1 s on each server');
  for (const server of servers) await measure(server, 1);
  const runs = [];
  const machineBefore = machineCpuSeconds();
  const oursBefore = ownCpuSeconds() + servers.reduce((sum, server) => sum + serverCpuSeconds(server), 0);
  const measuredFrom = performance.now();
  for (const scenario of ['login', 'flow']) {
    for (let round = 1; round <= settings.rounds; round++) {
      log(`${scenario}: round ${round}/${settings.rounds}`);
      for (const server of servers.filter((s) => s.scenario === scenario)) runs.push({ server, ...(await measure(server, settings.seconds)) });
      hashSlots.push(await timeHashes(Math.ceil(settings.hashes / 2)));
    }
  }

  const wall = (performance.now() - measuredFrom) / 1000;
  const ours = ownCpuSeconds() + servers.reduce((sum, server) => sum + serverCpuSeconds(server), 0) - oursBefore;
  const others = Math.max(0, machineCpuSeconds() - machineBefore - ours) / wall / CORES;
  hashSlots.push(await timeHashes(settings.hashes));
  const secondsPerHash = median(hashSlots.flat()) / 1000;
  printReport(runs, secondsPerHash, hashSlots.map(median));
  console.log(`other processes used ${(others * 100).toFixed(0)}% of the ${CORES} cores while the rounds ran${others > 0.05 ? ': the figures are disturbed, run again on a quiet machine' : ''}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------------------------------------
// Build and server processes

function ensureBuild() {
  const sources = [join(ROOT, 'libs/auth/src'), join(ROOT, 'apps/demo/src')].flatMap(listTs);
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((f) => join(ROOT, f));
  const newestSource = Math.max(...[...sources, ...configs].map((f) => statSync(f).mtimeMs));
  if (existsSync(DIST_ENTRY) && statSync(DIST_ENTRY).mtimeMs >= newestSource) return;
  log(existsSync(DIST_ENTRY) ? 'dist is older than the sources: npm run build' : 'no dist yet: npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
}

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(e2e-|int-)?spec\.ts$/.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

function startServer(spec) {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...env,
      AUTH_MODE: spec.mode,
      DEMO_ACCESS_PIN: spec.scenario === 'flow' ? PIN : '',
      PASSWORD_MAX_CONCURRENT: spec.maxConcurrent === undefined ? '' : String(spec.maxConcurrent),
      BENCH_MAX_SECONDS: String(settings.deadlineSeconds + 30),
    },
  });
  return new Promise((resolveServer, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.key} server did not start within 60 s`)), 60_000);
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const match = /BENCH_LISTENING (\d+)/.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolveServer({ ...spec, child, base: `http://127.0.0.1:${match[1]}` });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.key} server exited early (code ${code})`));
    });
  });
}

let shuttingDown;
function shutdown(code) {
  shuttingDown ??= (async () => {
    clearTimeout(deadline);
    await Promise.all(
      servers.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killTimer);
      }),
    );
    process.exit(code);
  })();
  return shuttingDown;
}

/** Each server answers as the scenario expects before anything is measured. */
async function check(server) {
  const login = await postJson(server, '/auth/login', LOGIN_BODY);
  if (server.scenario === 'login') {
    if (login.status !== 'complete') throw new Error(`${server.key}: /auth/login answered ${JSON.stringify(login)}`);
    return;
  }
  const done = await postJson(server, '/auth/validate/access-pin', pinBody(server, login));
  if (login.status !== 'next_step' || done.status !== 'complete') throw new Error(`${server.key}: the PIN flow answered ${JSON.stringify(done)}`);
}

async function postJson(server, path, body) {
  const response = await fetch(server.base + path, { method: 'POST', headers: JSON_HEADERS, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${server.key} POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const pinBody = (server, next) =>
  JSON.stringify({ options: { pin: PIN }, ...(server.mode === 'stateful' ? { session_id: next.session_id } : { pre_auth_token: next.pre_auth_token }) });

// ---------------------------------------------------------------------------------------------
// Measuring

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

/**
 * Completed sign-ins per second for `seconds`: 200 answers to POST /auth/login (login) or to the PIN
 * step (flow), divided by the time to the last of them (autocannon's own totals are aligned to 1 s
 * ticks, which skews short runs). Also the server's CPU use, as a share of all cores.
 */
function measure(server, seconds) {
  const completions = [];
  let failures = 0;
  const completed = (status) => (status === 200 ? completions.push(performance.now()) : failures++);
  const requests =
    server.scenario === 'login'
      ? [{ method: 'POST', path: '/auth/login', headers: JSON_HEADERS, body: LOGIN_BODY, onResponse: completed }]
      : [
          {
            method: 'POST',
            path: '/auth/login',
            headers: JSON_HEADERS,
            body: LOGIN_BODY,
            onResponse: (status, body, context) => {
              context.next = status === 200 ? JSON.parse(body) : undefined;
              if (status !== 200) failures++;
            },
          },
          {
            method: 'POST',
            path: '/auth/validate/access-pin',
            headers: JSON_HEADERS,
            // Without a next-step answer the sequence starts over at the password.
            setupRequest: (request, context) => (context.next ? { ...request, body: pinBody(server, context.next) } : undefined),
            onResponse: completed,
          },
        ];
  return new Promise((resolveRun, reject) => {
    const cpuBefore = serverCpuSeconds(server);
    const started = performance.now();
    autocannon({ url: server.base, connections: settings.connections, duration: seconds, timeout: 30, requests }, (error, result) => {
      if (error) return reject(error);
      const elapsed = ((completions.at(-1) ?? performance.now()) - started) / 1000;
      const wall = (performance.now() - started) / 1000;
      resolveRun({
        perSecond: completions.length / elapsed,
        completions: completions.length,
        failures: failures + result.errors + result.timeouts,
        serverCpu: (serverCpuSeconds(server) - cpuBefore) / wall / CORES,
        cpuMsPerSignIn: ((serverCpuSeconds(server) - cpuBefore) * 1000) / completions.length,
      });
    });
  });
}

function serverCpuSeconds(server) {
  try {
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th (all threads).
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy (non-idle, non-iowait) CPU seconds of the whole machine, from /proc/stat. */
function machineCpuSeconds() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}

const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function machineBusyShare(milliseconds) {
  const before = machineCpuSeconds();
  await new Promise((r) => setTimeout(r, milliseconds));
  return (machineCpuSeconds() - before) / (milliseconds / 1000) / CORES;
}

// ---------------------------------------------------------------------------------------------
// Output

function printReport(runs, secondsPerHash, slotMedians) {
  const bound = CORES / secondsPerHash;
  console.log(
    `\nargon2id bound: ${CORES} cores ÷ ${(secondsPerHash * 1000).toFixed(1)} ms per hash = ${bound.toFixed(1)} sign-ins/s ` +
      `(median of ${slotMedians.length} timings across the run; their medians ranged ${ms(Math.min(...slotMedians))}–${ms(Math.max(...slotMedians))} ms)\n`,
  );
  const header = ['scenario', 'mode', 'argon2 maxConcurrent', 'per round', 'median /s', 'x bound', `target ≥ ${TARGET}x`, 'server CPU', 'CPU ms/sign-in', 'failed'];
  const rows = SERVERS.map((spec) => {
    const own = runs.filter((run) => run.server.key === spec.key);
    const rate = median(own.map((run) => run.perSecond));
    const ratio = rate / bound;
    return [
      spec.scenario === 'login' ? '(b) POST /auth/login' : '(c) password + access PIN',
      spec.mode,
      spec.maxConcurrent === undefined ? `default (${DEFAULT_MAX_CONCURRENT})` : String(spec.maxConcurrent),
      own.map((run) => run.perSecond.toFixed(1)).join(' / '),
      rate.toFixed(1),
      `${ratio.toFixed(2)}x`,
      ratio >= TARGET ? 'PASS' : 'MISS',
      `${(median(own.map((run) => run.serverCpu)) * 100).toFixed(0)}%`,
      median(own.map((run) => run.cpuMsPerSignIn)).toFixed(1),
      String(own.reduce((sum, run) => sum + run.failures, 0)),
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(
    `\n'per round' are completed sign-ins/s in each alternating round; 'server CPU' is the server process's share of all ${CORES} cores ` +
      `and 'CPU ms/sign-in' its CPU time (all threads) per completed sign-in: the hash is ${(secondsPerHash * 1000).toFixed(1)} ms of it, ` +
      `so ${CORES} cores ÷ that figure is the most this server could do. A flow (c) is one argon2id verification plus the PIN step, so the same bound applies.`,
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function positiveInt(value, fallback) {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`expected a positive integer, not "${value}"`);
  return parsed;
}

const ms = (value) => value.toFixed(1);
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
