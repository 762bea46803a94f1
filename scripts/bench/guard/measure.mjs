// bench:guard's measurements: one autocannon run of a scenario, and the guarded route probed idle
// and while sign-ins run, each with the CPU time the server, its core and this process used.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fire, percentile } from '../lib/autocannon.mjs';
import { cpuMeter } from '../lib/cpu.mjs';
import { log } from '../lib/report.mjs';
import { settings } from './settings.mjs';
import { poolSlice } from './tokens.mjs';

/** One autocannon run of a scenario; the new-token scenario takes a fresh slice of the pool. */
export async function measure(server, scenario, { seconds, newTokenSeconds }) {
  const options = { url: server.base + scenario.path, connections: settings.connections };
  if (scenario.token !== 'pool') {
    if (scenario.token) options.headers = { authorization: `Bearer ${server.tokens[scenario.token]}` };
    return { ...(await run(server, { ...options, duration: seconds })), repeats: 0 };
  }
  const slice = poolSlice(server, scenario.path, newTokenSeconds);
  const result = await run(server, { ...options, requests: [slice.request], amount: slice.amount });
  return { ...result, repeats: slice.repeats() };
}

/** The guarded route (seen token) under a light closed-loop load. */
export function probe(server) {
  return run(server, {
    url: `${server.base}/bench/secure`,
    connections: settings.probeConnections,
    duration: settings.seconds,
    headers: { authorization: `Bearer ${server.tokens.seen}` },
  });
}

/** The same probe while a second autocannon signs in (right password) as fast as the server lets it. */
export async function probeUnderSignIns(server) {
  let signIns = 0;
  let signInFailures = 0;
  const signInStarted = performance.now();
  const signInOptions = {
    url: `${server.base}/auth/login`,
    method: 'POST',
    connections: settings.signInConnections,
    duration: settings.seconds + 1,
    timeout: 10,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'alice-demo-password' }),
  };
  const load = fire(signInOptions, (status) => (status >= 200 && status < 300 ? signIns++ : signInFailures++));
  // Sign-ins start before the probe and end after it, so the whole probe runs under them.
  await sleep(500);
  const probed = await probe(server);
  const loadResult = await load;
  return {
    ...probed,
    signInsPerSecond: signIns / ((performance.now() - signInStarted) / 1000),
    signInFailures: signInFailures + loadResult.errors + loadResult.timeouts,
  };
}

/** Runs `measure` inside a server-side CPU profile (SIGUSR2 on, SIGUSR2 off) when asked to. */
export async function profiling(server, enabled, measure) {
  if (!enabled) return measure();
  server.child.kill('SIGUSR2');
  await sleep(200);
  const result = await measure();
  const written = new Promise((r) => server.child.once('profile', r));
  server.child.kill('SIGUSR2');
  log(`${server.platform}: CPU profile ${await written}`);
  return result;
}

/** Requests/s, latency percentiles and CPU use of one autocannon run, from the responses themselves. */
async function run(server, options) {
  const latencies = [];
  let last = 0;
  const cpu = cpuMeter(server.child.pid, server.cpu);
  const started = performance.now();
  // sampleInt: the result comes at the first sample tick after the last response; keep that tail short.
  const result = await fire({ timeout: 10, sampleInt: 100, ...options }, (_status, responseTime) => {
    latencies.push(responseTime);
    last = performance.now();
  });
  const used = cpu();
  const elapsed = (last - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    requests: latencies.length,
    failures: result.non2xx + result.errors + result.timeouts,
    serverCpuPerRequest: (used.server * 1e6) / Math.max(1, latencies.length),
    serverCpuShare: used.server / elapsed,
    clientCpuShare: used.client / used.wall,
    // CPU time on the server's core that the server did not use (other processes, hypervisor steal).
    foreignCpuShare: Math.max(0, (used.coreBusy - used.server + used.coreSteal) / elapsed),
  };
}
