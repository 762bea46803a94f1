// bench:flow's servers and load: (b) password sign-ins on a demo without the access PIN, (c) password
// + access PIN on a demo with it, each in both modes and at two hasher concurrencies.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fire } from '../lib/autocannon.mjs';
import { ROOT } from '../lib/build.mjs';
import { cpuMeter } from '../lib/cpu.mjs';
import { postJson, startServer } from '../lib/server-process.mjs';

export const CORES = availableParallelism();
const SERVER_ENTRY = join(ROOT, 'scripts/bench/flow-server.mjs');
const PIN = '246810';
const LOGIN_BODY = JSON.stringify({ username: 'alice', password: 'alice-demo-password' });
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every server the bench starts: scenario × argon2 concurrency (the default, then one per core) × mode. */
export const SERVERS = ['login', 'flow'].flatMap((scenario) =>
  [undefined, CORES].flatMap((maxConcurrent) =>
    ['stateful', 'stateless'].map((mode) => ({ scenario, mode, maxConcurrent, key: `${scenario}/${mode}/${maxConcurrent ?? 'default'}` })),
  ),
);

export async function startFlowServer(spec, { maxSeconds }) {
  const env = {
    AUTH_MODE: spec.mode,
    DEMO_ACCESS_PIN: spec.scenario === 'flow' ? PIN : '',
    PASSWORD_MAX_CONCURRENT: spec.maxConcurrent === undefined ? '' : String(spec.maxConcurrent),
  };
  const server = await startServer({ name: spec.key, entry: SERVER_ENTRY, maxSeconds, env });
  return { ...spec, ...server };
}

/** Each server answers as the scenario expects before anything is measured. */
export async function check(server) {
  const login = await postJson(server, '/auth/login', LOGIN_BODY);
  if (server.scenario === 'login') {
    if (login.status !== 'complete') throw new Error(`${server.key}: /auth/login answered ${JSON.stringify(login)}`);
    return;
  }
  const done = await postJson(server, '/auth/validate/access-pin', pinBody(server, login));
  if (login.status !== 'next_step' || done.status !== 'complete') throw new Error(`${server.key}: the PIN flow answered ${JSON.stringify(done)}`);
}

const pinBody = (server, next) =>
  JSON.stringify({ options: { pin: PIN }, ...(server.mode === 'stateful' ? { session_id: next.session_id } : { pre_auth_token: next.pre_auth_token }) });

/**
 * Completed sign-ins per second for `seconds`: 200 answers to POST /auth/login (login) or to the PIN
 * step (flow), divided by the time to the last of them. Also the server's CPU use, as a share of all cores.
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
  const pinStep = {
    method: 'POST',
    path: '/auth/validate/access-pin',
    headers: JSON_HEADERS,
    // Without a next-step answer the sequence starts over at the password.
    setupRequest: (request, context) => (context.next ? { ...request, body: pinBody(server, context.next) } : undefined),
    onResponse: completed,
  };
  return [loginStep, pinStep];
}
