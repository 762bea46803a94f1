// bench:flow's servers and load: (b) password sign-ins on a demo without the access PIN, (c) password
// + access PIN on a demo with it, each in both modes and at two hasher concurrencies, and (d)
// password + TOTP for a pool of enrolled users, in both modes at one hash per core.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fire } from '../lib/autocannon.mjs';
import { ROOT } from '../lib/build.mjs';
import { cpuMeter } from '../lib/cpu.mjs';
import { postJson, startServer } from '../lib/server-process.mjs';
import { TotpPool } from './totp-pool.mjs';

export const CORES = availableParallelism();
const SERVER_ENTRY = join(ROOT, 'scripts/bench/flow-server.mjs');
const PIN = '246810';
const LOGIN_BODY = JSON.stringify({ username: 'alice', password: 'alice-demo-password' });
const JSON_HEADERS = { 'content-type': 'application/json' };
// Creating and enrolling a user costs the server ~8 ms of an idle core, most of it the QR code of the
// setup; the start allows more, for a machine busy with other work.
const SEED_SECONDS_PER_USER = 0.02;

const specsOf = (scenario, concurrencies) =>
  concurrencies.flatMap((maxConcurrent) =>
    ['stateful', 'stateless'].map((mode) => ({ scenario, mode, maxConcurrent, key: `${scenario}/${mode}/${maxConcurrent ?? 'default'}` })),
  );

/**
 * Every server the bench starts: scenario × argon2 concurrency (the default, then one per core) ×
 * mode. TOTP runs at one per core only: each server seeds its own pool, and (b) and (c) already
 * show what the default concurrency costs.
 */
export const SERVERS = [...specsOf('login', [undefined, CORES]), ...specsOf('flow', [undefined, CORES]), ...specsOf('totp', [CORES])];

export async function startFlowServer(spec, { maxSeconds, totpUsers }) {
  const seeds = spec.scenario === 'totp' ? totpUsers : 0;
  const env = {
    AUTH_MODE: spec.mode,
    DEMO_ACCESS_PIN: spec.scenario === 'flow' ? PIN : '',
    PASSWORD_MAX_CONCURRENT: spec.maxConcurrent === undefined ? '' : String(spec.maxConcurrent),
    BENCH_TOTP_USERS: seeds ? String(seeds) : '',
  };
  const startSeconds = 60 + Math.ceil(seeds * SEED_SECONDS_PER_USER);
  const server = await startServer({ name: spec.key, entry: SERVER_ENTRY, maxSeconds, startSeconds, env });
  return { ...spec, ...server, pool: server.data && new TotpPool(server.data) };
}

/**
 * Each server answers as the scenario expects before anything is measured. A TOTP server is only
 * asked for the password step here: its users' codes are spent until the step after enrolment.
 */
export async function check(server) {
  if (server.scenario === 'totp') {
    const next = await postJson(server, '/auth/login', loginBodyOf(server.pool, server.pool.users[0]));
    if (next.status !== 'next_step' || !next.next_steps.includes('totp')) throw new Error(`${server.key}: /auth/login answered ${JSON.stringify(next)}`);
    return;
  }
  const login = await postJson(server, '/auth/login', LOGIN_BODY);
  if (server.scenario === 'login') {
    if (login.status !== 'complete') throw new Error(`${server.key}: /auth/login answered ${JSON.stringify(login)}`);
    return;
  }
  const done = await postJson(server, '/auth/validate/access-pin', stepBody(server, login, { pin: PIN }));
  if (login.status !== 'next_step' || done.status !== 'complete') throw new Error(`${server.key}: the PIN flow answered ${JSON.stringify(done)}`);
}

/** One whole TOTP sign-in, once the pool's codes are fresh. */
export async function checkTotpSignIn(server) {
  const user = server.pool.take();
  const next = await postJson(server, '/auth/login', loginBodyOf(server.pool, user));
  const done = await postJson(server, '/auth/validate/totp', stepBody(server, next, { code: server.pool.code(user) }));
  if (done.status !== 'complete') throw new Error(`${server.key}: the TOTP sign-in answered ${JSON.stringify(done)}`);
}

// DESIGN.md section 4: a later step names its flow by session_id (stateful) or pre_auth_token (stateless).
const stepBody = (server, next, options) =>
  JSON.stringify({ options, ...(server.mode === 'stateful' ? { session_id: next.session_id } : { pre_auth_token: next.pre_auth_token }) });

const loginBodyOf = (pool, user) => JSON.stringify({ username: user.username, password: pool.password });

/**
 * Completed sign-ins per second for `seconds`: 200 answers to POST /auth/login (login), to the PIN
 * step (flow) or to the TOTP step (totp), divided by the time to the last of them. Also the server's
 * CPU use, as a share of all cores.
 */
export async function measure(server, { seconds, connections }) {
  const completions = [];
  let failures = 0;
  const completed = (status) => (status === 200 ? completions.push(performance.now()) : failures++);
  const cpu = cpuMeter(server.child.pid);
  const started = performance.now();
  const result = await fire({ url: server.base, connections, duration: seconds, timeout: 30, requests: signInRequests(server, completed, () => failures++) });
  const used = cpu();
  const elapsed = ((completions.at(-1) ?? performance.now()) - started) / 1000;
  return {
    perSecond: completions.length / elapsed,
    completions: completions.length,
    failures: failures + result.errors + result.timeouts,
    serverCpu: used.server / used.wall / CORES,
    cpuMsPerSignIn: (used.server * 1000) / completions.length,
  };
}

/** One sign-in as autocannon's request sequence; `completed` sees the status of its last answer. */
function signInRequests(server, completed, failed) {
  const login = { method: 'POST', path: '/auth/login', headers: JSON_HEADERS, body: LOGIN_BODY };
  if (server.scenario === 'login') return [{ ...login, onResponse: completed }];
  const loginStep = {
    ...login,
    onResponse: (status, body, context) => {
      context.next = status === 200 ? JSON.parse(body) : undefined;
      if (status !== 200) failed();
    },
  };
  // Without a next-step answer, or without options for it, the sequence starts over at the password.
  const secondStep = (path, optionsOf) => ({
    method: 'POST',
    path,
    headers: JSON_HEADERS,
    setupRequest: (request, context) => {
      const options = context.next && optionsOf(context);
      return options ? { ...request, body: stepBody(server, context.next, options) } : undefined;
    },
    onResponse: completed,
  });
  if (server.scenario === 'flow') return [loginStep, secondStep('/auth/validate/access-pin', () => ({ pin: PIN }))];
  const { pool } = server;
  // Each sequence signs in the next user with an unspent step. With none left (counted by the pool,
  // and an error of the run) the password is still checked, and no code is sent.
  const totpLogin = {
    ...loginStep,
    setupRequest: (request, context) => {
      context.user = pool.take();
      return { ...request, body: loginBodyOf(pool, context.user ?? pool.users[0]) };
    },
  };
  return [totpLogin, secondStep('/auth/validate/totp', (context) => context.user && { code: pool.code(context.user) })];
}
