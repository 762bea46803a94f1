#!/usr/bin/env node
// `npm run bench:guard`: what Stepgate's guards cost per request, on Express and on Fastify.
// See scripts/bench/README.md for what is measured and how to read the output.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, setPriority } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER_ENTRY = join(ROOT, 'scripts/bench/bench-server.mjs');
const DIST_ENTRY = join(ROOT, 'dist/apps/demo/src/main.js');

const env = process.env;
const settings = {
  platforms: (env.BENCH_PLATFORMS ?? 'express,fastify').split(',').map((p) => p.trim()),
  rounds: positiveInt(env.BENCH_ROUNDS, 3),
  seconds: positiveInt(env.BENCH_SECONDS, 3),
  /** How long each new-token round should last; the pool is minted to fit. */
  newTokenSeconds: positiveNumber(env.BENCH_NEW_TOKEN_SECONDS, 2),
  connections: positiveInt(env.BENCH_CONNECTIONS, 50),
  /** Refresh-token chains minted in parallel (each chain is one session). */
  mintChains: positiveInt(env.BENCH_MINT_CHAINS, 64),
  /** Upper bound on access tokens minted per platform (refresh costs ~2 ms of server CPU each). */
  maxPool: positiveInt(env.BENCH_MAX_POOL, 45_000),
  probeConnections: positiveInt(env.BENCH_PROBE_CONNECTIONS, 10),
  signInConnections: positiveInt(env.BENCH_SIGNIN_CONNECTIONS, 8),
  serverNodeArgs: (env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  /** Niceness of the server and of this process, so other work on the machine disturbs less (ignored if not permitted). */
  nice: Number(env.BENCH_NICE ?? -10),
  /** Scenario keys (and `signin-load`) to CPU-profile in the server during the last round. */
  profile: (env.BENCH_PROFILE ?? '').split(',').map((k) => k.trim()).filter(Boolean),
  profileDir: resolve(env.BENCH_PROFILE_DIR ?? join(ROOT, 'scripts/bench/profiles')),
  /** Everything stops by itself after this, whatever state the run is in. */
  deadlineSeconds: positiveInt(env.BENCH_DEADLINE_SECONDS, 540),
};
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ, the unit of /proc/<pid>/stat utime and stime

const SCENARIOS = [
  { key: 'public', label: 'public route (@Public)', path: '/bench/public' },
  { key: 'seen', label: 'guard, seen token', path: '/bench/secure', token: 'seen' },
  { key: 'new', label: 'guard, new token each request', path: '/bench/secure', token: 'pool' },
  { key: 'admin', label: "@RequireGroups('admin'), seen token", path: '/bench/admin', token: 'admin' },
  { key: 'passport', label: 'reference: passport-jwt HS256', path: '/bench/passport-jwt', token: 'passport' },
];

const servers = [];
let deadline;
let machineAtStart;
let oursAtStart;

if (needsOwnSession()) {
  runInOwnSession();
} else {
  main()
    .then(() => shutdown(0))
    .catch((error) => {
      console.error('\nbench:guard failed:', error?.stack ?? error);
      return shutdown(1);
    });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));
}

// With autogrouping (Linux), niceness only counts inside a session: to take priority over other work on
// the machine, the bench runs in a session of its own whose autogroup gets the niceness.
function needsOwnSession() {
  return settings.nice !== 0 && !env.BENCH_OWN_SESSION && existsSync('/proc/self/autogroup');
}

function runInOwnSession() {
  const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit', detached: true, env: { ...env, BENCH_OWN_SESSION: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

async function main() {
  const started = performance.now();
  machineAtStart = machineMicros();
  oursAtStart = process.cpuUsage().user + process.cpuUsage().system;
  deadline = setTimeout(() => {
    console.error(`\nbench:guard: deadline of ${settings.deadlineSeconds} s reached, stopping.`);
    void shutdown(1);
  }, settings.deadlineSeconds * 1000);
  if (env.BENCH_OWN_SESSION) {
    // The launcher died (this process was re-parented): stop too.
    const launcher = process.ppid;
    setInterval(() => process.ppid !== launcher && void shutdown(1), 1000).unref();
  }

  ensureBuild();
  const pinning = pinCpus();
  applyNice(pinning);
  printHeader(pinning);

  const passportSecret = randomBytes(32).toString('base64url');
  for (const platform of settings.platforms) {
    servers.push(await startServer(platform, pinning, passportSecret));
  }
  for (const server of servers) await prepare(server, passportSecret);

  log('warm-up: 1 s of each scenario on each platform');
  for (const server of servers) {
    for (const scenario of SCENARIOS) {
      const run = await measure(server, scenario, { seconds: 1, newTokenSeconds: 1 });
      if (scenario.key === 'new') server.newTokenRate = run.rps;
    }
  }
  for (const server of servers) await mintForRounds(server);

  const runs = [];
  for (let round = 1; round <= settings.rounds; round++) {
    log(`round ${round}/${settings.rounds}`);
    for (const server of servers) {
      for (const scenario of SCENARIOS) {
        const profiled = round === settings.rounds && settings.profile.includes(scenario.key);
        const run = await profiling(server, profiled, () => measure(server, scenario, { seconds: settings.seconds, newTokenSeconds: settings.newTokenSeconds }));
        runs.push({ round, platform: server.platform, scenario: scenario.key, ...run });
      }
    }
  }
  printGuardTable(runs);

  const loadRuns = [];
  log(`sign-in load: ${settings.rounds} rounds of idle / under sign-ins on each platform`);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const server of servers) {
      loadRuns.push({ round, platform: server.platform, loaded: false, ...(await probe(server)) });
      const profiled = round === settings.rounds && settings.profile.includes('signin-load');
      loadRuns.push({ round, platform: server.platform, loaded: true, ...(await profiling(server, profiled, () => probeUnderSignIns(server))) });
    }
  }
  printSignInLoadTable(loadRuns);
  printMachineLoad(started);
}

// ---------------------------------------------------------------------------------------------
// Build, CPU pinning, server processes

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

/**
 * Lowers this process's niceness (and its session's autogroup's, when it has a session of its own);
 * the servers are started under `nice` with the same value and inherit the autogroup.
 */
function applyNice(pinning) {
  if (!settings.nice) return;
  try {
    setPriority(settings.nice);
    if (spawnSync('nice', ['-n', String(settings.nice), 'true']).status !== 0) return;
    pinning.nice = settings.nice;
  } catch {
    return; // not permitted: default priority
  }
  if (!env.BENCH_OWN_SESSION) return;
  try {
    writeFileSync('/proc/self/autogroup', String(settings.nice));
    pinning.autogroup = true;
  } catch {
    // Not permitted: the niceness then only orders threads within the session.
  }
}

/** The server gets one core to itself; this process (autocannon) gets the others. */
function pinCpus() {
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasTaskset) return { serverCpu: undefined, cpuCount: availableParallelism(), note: 'taskset not found: nothing pinned' };
  const allowed = parseCpuList(execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }).split(':').pop().trim());
  if (allowed.length < 2) return { serverCpu: allowed[0], cpuCount: allowed.length, note: `only CPU ${allowed[0]} available: server and load generator share it` };
  const serverCpu = allowed[allowed.length - 1];
  const clientCpus = allowed.slice(0, -1).join(',');
  execFileSync('taskset', ['-acp', clientCpus, String(process.pid)], { stdio: 'ignore' });
  return { serverCpu, cpuCount: allowed.length, note: `server pinned to CPU ${serverCpu}, autocannon to CPU ${clientCpus}` };
}

function parseCpuList(list) {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

function startServer(platform, { serverCpu: cpu, nice }, passportSecret) {
  const nodeArgs = [...settings.serverNodeArgs, SERVER_ENTRY, platform];
  let [command, args] = cpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(cpu), process.execPath, ...nodeArgs]];
  // Every thread of the server (argon2 and libuv pool included) inherits the niceness.
  if (nice !== undefined) [command, args] = ['nice', ['-n', String(nice), command, ...args]];
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...env,
      ...(settings.profile.length ? { BENCH_PROFILE_DIR: settings.profileDir } : {}),
      BENCH_PASSPORT_SECRET: passportSecret,
      BENCH_MAX_SECONDS: String(settings.deadlineSeconds + 30),
    },
  });
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${platform} server did not start within 60 s`)), 60_000);
    let buffered = '';
    let listening = false;
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      for (const [, file] of String(chunk).matchAll(/BENCH_PROFILE (\S+)/g)) child.emit('profile', file);
      const match = /BENCH_LISTENING (\d+)/.exec(buffered);
      if (match && !listening) {
        listening = true;
        clearTimeout(timer);
        log(`${platform} server pid ${child.pid} on 127.0.0.1:${match[1]}`);
        resolvePort({ platform, child, cpu, port: Number(match[1]), base: `http://127.0.0.1:${match[1]}` });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${platform} server exited early (code ${code})`));
    });
  });
}

/** Runs `measure` inside a server-side CPU profile (SIGUSR2 on, SIGUSR2 off) when asked to. */
async function profiling(server, enabled, measure) {
  if (!enabled) return measure();
  server.child.kill('SIGUSR2');
  await sleep(200);
  const result = await measure();
  const written = new Promise((r) => server.child.once('profile', r));
  server.child.kill('SIGUSR2');
  log(`${server.platform}: CPU profile ${await written}`);
  return result;
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

// ---------------------------------------------------------------------------------------------
// Tokens

async function prepare(server, passportSecret) {
  const alice = await signIn(server, 'alice', 'alice-demo-password');
  const admin = await signIn(server, 'admin', 'admin-demo-password');
  server.tokens = { seen: alice.access_token, admin: admin.access_token, passport: hs256(passportSecret) };
  server.pool = [];
  server.poolNext = 0;
  server.chains = [];
  const started = performance.now();
  const sessions = await Promise.all(Array.from({ length: settings.mintChains }, () => signIn(server, 'alice', 'alice-demo-password')));
  for (const session of sessions) {
    server.pool.push(session.access_token);
    server.chains.push(session.refresh_token);
  }
  await mint(server, 2000);
  log(`${server.platform}: ${settings.mintChains} sessions and ${server.pool.length} unseen tokens in ${seconds(started)} s`);

  // Every scenario answers 200 before anything is measured.
  for (const scenario of SCENARIOS) {
    const token = scenario.token === 'pool' ? (await refresh(server, 0)).access_token : server.tokens[scenario.token];
    const response = await fetch(server.base + scenario.path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (response.status !== 200) throw new Error(`${server.platform} ${scenario.path}: ${response.status} ${await response.text()}`);
  }
}

/** Enough unseen tokens for every round of the new-token scenario, sized from the warm-up's rate. */
async function mintForRounds(server) {
  const perRound = Math.ceil(server.newTokenRate * settings.newTokenSeconds * 1.2) + 4 * settings.connections;
  const wanted = Math.min(settings.maxPool, perRound * settings.rounds);
  const started = performance.now();
  const before = server.pool.length - server.poolNext;
  await mint(server, wanted - before);
  server.perRound = Math.floor((server.pool.length - server.poolNext) / settings.rounds);
  log(
    `${server.platform}: minted ${server.pool.length - server.poolNext - before} more unseen tokens by refresh in ${seconds(started)} s ` +
      `(${server.perRound} per round; new-token warm-up ran at ${Math.round(server.newTokenRate)} req/s)`,
  );
}

/** Rotates every refresh-token chain in parallel until `count` more access tokens are minted. */
async function mint(server, count) {
  let remaining = count;
  await Promise.all(
    server.chains.map(async (_, chain) => {
      while (remaining-- > 0) server.pool.push((await refresh(server, chain)).access_token);
    }),
  );
}

async function refresh(server, chain) {
  const result = await postJson(server, '/auth/refresh', { refresh_token: server.chains[chain] });
  server.chains[chain] = result.refresh_token;
  return result;
}

async function signIn(server, username, password) {
  return postJson(server, '/auth/login', { username, password });
}

async function postJson(server, path, body) {
  const response = await fetch(server.base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${server.platform} POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A token as the NestJS docs' passport-jwt setup expects it: HS256 over the shared string secret. */
function hs256(secret) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'bench-user', username: 'bench', iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** One autocannon run of a scenario; the new-token scenario takes a fresh slice of the pool. */
function measure(server, scenario, { seconds: duration, newTokenSeconds }) {
  const options = { url: server.base + scenario.path, connections: settings.connections };
  let source;
  if (scenario.token === 'pool') {
    const wanted = Math.ceil((server.newTokenRate ?? 2000) * newTokenSeconds) + 4 * settings.connections;
    const size = Math.min(wanted, server.perRound ?? Infinity, server.pool.length - server.poolNext);
    source = { tokens: server.pool, next: server.poolNext, end: server.poolNext + size, repeats: 0 };
    server.poolNext += size;
    // Each token goes out once: one request builder shared by all connections hands them out in turn.
    options.requests = [
      {
        method: 'GET',
        path: scenario.path,
        setupRequest: (request) => {
          let token = source.tokens[source.next++];
          if (source.next > source.end) {
            source.repeats++;
            token = source.tokens[source.end - 1];
          }
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
        },
      },
    ];
    // A bounded number of requests, so the slice is never exhausted (each connection builds one ahead).
    options.amount = Math.max(settings.connections, size - 3 * settings.connections);
  } else {
    options.duration = duration;
    if (scenario.token) options.headers = { authorization: `Bearer ${server.tokens[scenario.token]}` };
  }
  return run(server, options).then((result) => ({ ...result, repeats: source?.repeats ?? 0 }));
}

/**
 * Runs autocannon and reports requests/s and latency percentiles from the responses themselves
 * (autocannon's totals are aligned to 1 s ticks, which skews short runs, and its histogram keeps
 * whole milliseconds), with the CPU time the server and this process spent meanwhile.
 */
function run(server, options) {
  return new Promise((resolveRun, reject) => {
    const latencies = [];
    let last = 0;
    const cpuBefore = serverCpuMicros(server);
    const coreBefore = coreMicros(server.cpu);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    // sampleInt: the result comes at the first sample tick after the last response; keep that tail short.
    const instance = autocannon({ timeout: 10, sampleInt: 100, ...options }, (error, result) => {
      if (error) return reject(error);
      const cpuMicros = serverCpuMicros(server) - cpuBefore;
      const core = coreMicros(server.cpu);
      const client = process.cpuUsage(clientBefore);
      const elapsed = (last - started) / 1000;
      const sorted = Float64Array.from(latencies).sort();
      resolveRun({
        rps: latencies.length / elapsed,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        requests: latencies.length,
        failures: result.non2xx + result.errors + result.timeouts,
        serverCpuPerRequest: cpuMicros / Math.max(1, latencies.length),
        serverCpuShare: cpuMicros / 1e6 / elapsed,
        clientCpuShare: (client.user + client.system) / 1e6 / ((performance.now() - started) / 1000),
        // CPU time on the server's core that the server did not use (other processes, hypervisor steal).
        foreignCpuShare: Math.max(0, (core.busy - coreBefore.busy - cpuMicros + core.steal - coreBefore.steal) / 1e6 / elapsed),
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      last = performance.now();
    });
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : Number.NaN;
}

/** Busy and stolen time of all CPUs from /proc/stat. */
function machineMicros() {
  return coreMicros('');
}

/** Busy and stolen time of one CPU from /proc/stat (zeros when unpinned or unreadable). */
function coreMicros(cpu) {
  try {
    if (cpu === undefined) return { busy: 0, steal: 0 };
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${cpu} `));
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const toMicros = (ticks) => (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
    return { busy: toMicros(user + nice + system + irq + softirq), steal: toMicros(steal) };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

function serverCpuMicros(server) {
  try {
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th (all threads).
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The guarded route (seen token) under a light closed-loop load. */
function probe(server) {
  return run(server, {
    url: `${server.base}/bench/secure`,
    connections: settings.probeConnections,
    duration: settings.seconds,
    headers: { authorization: `Bearer ${server.tokens.seen}` },
  });
}

/** The same probe while a second autocannon signs in (right password) as fast as the server lets it. */
async function probeUnderSignIns(server) {
  let signIns = 0;
  let signInFailures = 0;
  const signInStarted = performance.now();
  const load = new Promise((resolveLoad, reject) => {
    const instance = autocannon(
      {
        url: `${server.base}/auth/login`,
        method: 'POST',
        connections: settings.signInConnections,
        duration: settings.seconds + 1,
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'alice-demo-password' }),
      },
      (error, result) => (error ? reject(error) : resolveLoad(result)),
    );
    instance.on('response', (_client, status) => {
      if (status >= 200 && status < 300) signIns++;
      else signInFailures++;
    });
  });
  await sleep(500);
  const probed = await probe(server);
  const loadResult = await load;
  return {
    ...probed,
    signInsPerSecond: signIns / ((performance.now() - signInStarted) / 1000),
    signInFailures: signInFailures + loadResult.errors + loadResult.timeouts,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

function printHeader(pinning) {
  console.log('bench:guard: Stepgate guards vs a public route and passport-jwt (demo from dist, sqlite::memory:, memory stores)');
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${pinning.cpuCount} CPUs; ${pinning.note}; ` +
      (pinning.nice === undefined ? 'default priority' : `nice ${pinning.nice}${pinning.autogroup ? ' (own session and autogroup)' : ''}`),
  );
  console.log(
    `${settings.rounds} alternating rounds x ${settings.seconds} s per scenario (new-token ~${settings.newTokenSeconds} s), ` +
      `autocannon -c ${settings.connections}; figures are medians over the rounds\n`,
  );
}

function printGuardTable(runs) {
  const rows = [];
  const summary = {};
  for (const platform of settings.platforms) {
    const of = (scenario) => runs.filter((r) => r.platform === platform && r.scenario === scenario);
    const publicByRound = new Map(of('public').map((r) => [r.round, r.rps]));
    const publicCpuByRound = new Map(of('public').map((r) => [r.round, r.serverCpuPerRequest]));
    for (const scenario of SCENARIOS) {
      const list = of(scenario.key);
      const ratio = median(list.map((r) => r.rps / publicByRound.get(r.round)));
      const cpuRatio = median(list.map((r) => publicCpuByRound.get(r.round) / r.serverCpuPerRequest));
      const rpsList = list.map((r) => r.rps);
      summary[`${platform}:${scenario.key}`] = { rps: median(rpsList), ratio };
      rows.push([
        scenario.label,
        platform,
        fmtInt(median(rpsList)),
        `${Math.round(((Math.max(...rpsList) - Math.min(...rpsList)) / median(rpsList)) * 100)}%`,
        fmtMs(median(list.map((r) => r.p99))),
        `${ratio.toFixed(2)}x`,
        fmtInt(median(list.map((r) => r.serverCpuPerRequest))),
        `${cpuRatio.toFixed(2)}x`,
        `${Math.round(median(list.map((r) => r.serverCpuShare)) * 100)}%`,
        `${Math.round(median(list.map((r) => r.clientCpuShare)) * 100)}%`,
        `${Math.round(Math.max(...list.map((r) => r.foreignCpuShare)) * 100)}%`,
        fmtInt(list.reduce((n, r) => n + r.requests, 0)),
        String(list.reduce((n, r) => n + r.failures + (r.repeats ?? 0), 0)),
      ]);
    }
  }
  console.log('\n== Guard cost (medians of the rounds) ==');
  printTable(['scenario', 'platform', 'req/s', 'spread', 'p99 ms', 'x public', 'server CPU us/req', 'x public by CPU', 'server CPU', 'client CPU', 'other on core (max)', 'requests', 'failed+repeats'], rows);

  console.log('\nTargets (printed, not asserted):');
  const targets = [];
  for (const platform of settings.platforms) {
    const s = (key) => summary[`${platform}:${key}`];
    targets.push([`seen token >= 0.85x public`, platform, s('seen').ratio, 0.85, 'x public']);
    if (platform === 'express') targets.push([`new token >= 0.40x public`, platform, s('new').ratio, 0.4, 'x public']);
    targets.push([`seen token >= 3x passport-jwt`, platform, s('seen').rps / s('passport').rps, 3, 'x passport']);
    targets.push([`new token >= 3x passport-jwt`, platform, s('new').rps / s('passport').rps, 3, 'x passport']);
  }
  printTable(
    ['target', 'platform', 'measured', 'result'],
    targets.map(([label, platform, value, goal, unit]) => [label, platform, `${value.toFixed(2)}${unit}`, value >= goal ? 'PASS' : 'MISS']),
  );
}

function printSignInLoadTable(runs) {
  const rows = [];
  for (const platform of settings.platforms) {
    const idle = runs.filter((r) => r.platform === platform && !r.loaded);
    const loaded = runs.filter((r) => r.platform === platform && r.loaded);
    const ratios = loaded.map((r) => r.p99 / idle.find((i) => i.round === r.round).p99);
    const ratio = median(ratios);
    rows.push([
      platform,
      fmtMs(median(idle.map((r) => r.p99))),
      fmtMs(median(loaded.map((r) => r.p99))),
      `${ratio.toFixed(2)}x`,
      ratio <= 2 ? 'PASS' : 'MISS',
      `${fmtMs(median(idle.map((r) => r.p50)))} / ${fmtMs(median(loaded.map((r) => r.p50)))}`,
      `${fmtInt(median(idle.map((r) => r.rps)))} / ${fmtInt(median(loaded.map((r) => r.rps)))}`,
      fmtInt(median(loaded.map((r) => r.signInsPerSecond))),
      `${Math.round(Math.max(...[...idle, ...loaded].map((r) => r.foreignCpuShare)) * 100)}%`,
      String([...idle, ...loaded].reduce((n, r) => n + r.failures + (r.signInFailures ?? 0), 0)),
    ]);
  }
  console.log(`\n== Sign-in load: GET /bench/secure (seen token, -c ${settings.probeConnections}) idle vs while POST /auth/login runs at full speed (-c ${settings.signInConnections}) ==`);
  printTable(['platform', 'p99 idle ms', 'p99 loaded ms', 'ratio', 'target <= 2x', 'p50 idle / loaded', 'req/s idle / loaded', 'sign-ins/s', 'other on core (max)', 'failed'], rows);
}

/** How much CPU other processes took during the run: the figures are only as good as the machine is quiet. */
function printMachineLoad(started) {
  const machine = machineMicros();
  const ours = process.cpuUsage().user + process.cpuUsage().system + servers.reduce((n, server) => n + serverCpuMicros(server), 0);
  const wall = (performance.now() - started) * 1000;
  const others = (machine.busy - machineAtStart.busy - (ours - oursAtStart)) / wall;
  const steal = (machine.steal - machineAtStart.steal) / wall;
  console.log(
    `\ntotal time ${(wall / 1e6).toFixed(0)} s; other processes used ${Math.round(others * 100)}% of one CPU on average during the run ` +
      `(hypervisor steal ${Math.round(steal * 100)}%)${others + steal > 0.05 ? ': the machine was not quiet, so compare ratios and rerun when it is' : ''}`,
  );
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i < 2 && i < cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmtInt(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

function fmtMs(value) {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function log(message) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function positiveInt(value, fallback) {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}

function positiveNumber(value, fallback) {
  const n = Number(value ?? fallback);
  if (!(n > 0)) throw new Error(`expected a positive number, got "${value}"`);
  return n;
}
