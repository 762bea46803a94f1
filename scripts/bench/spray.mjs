#!/usr/bin/env node
// `node scripts/bench/spray.mjs`: how long a legitimate sign-in takes while someone sprays wrong
// passwords, against the same sign-in with no spray, measured in the same run. The user is `alice`
// from 127.0.0.2, signing in with the right password 20 ms after each spray burst of
// BENCH_SPRAY_IN_FLIGHT (300) wrong-password sign-ins with distinct unknown usernames, sent at once:
//   idle          no spray
//   one address   the spray from 127.0.0.1: the per-client throttle (50 failures / 900 s) cuts it off
//   30 addresses  the spray spread over 127.0.1.1-30 (10 each per burst), so the per-client limit does
//                 not bite for a while: the bounded hashing queue answers the excess with 503
// The idle figure is taken before and after the sprays.
// The server (scripts/bench/spray-server.mjs, real throttle, default hashing limits) runs from
// apps/demo/dist, pinned to the last CPU (taskset), this process on the others; every request goes
// to 127.0.0.1. Knobs: BENCH_SAMPLES (20), BENCH_SPRAY_IN_FLIGHT
// (300), BENCH_DEADLINE_SECONDS (180). The server stops with this process (stdin) or at the deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuild } from './lib/build.mjs';
import { positiveInt } from './lib/knobs.mjs';
import { runBench } from './lib/lifecycle.mjs';
import { fmtMs, log, median, printTable } from './lib/report.mjs';
import { percentile } from './lib/autocannon.mjs';
import { pinCpus, startServer } from './lib/server-process.mjs';
import { burst, closeAgents, login } from './spray/requests.mjs';

const settings = {
  samples: positiveInt(process.env.BENCH_SAMPLES, 20),
  inFlight: positiveInt(process.env.BENCH_SPRAY_IN_FLIGHT, 300),
  deadlineSeconds: positiveInt(process.env.BENCH_DEADLINE_SECONDS, 180),
};
const USER = { from: '127.0.0.2', username: 'alice', password: 'alice-demo-password' };
const MANY = Array.from({ length: 30 }, (_, i) => `127.0.1.${i + 1}`);

runBench({ name: 'bench:spray', deadlineSeconds: settings.deadlineSeconds, onError: (error) => console.error(error) }, main);

async function main() {
  ensureBuild();
  const pinning = pinCpus();
  log(pinning.note);
  const server = await startServer({ name: 'spray', entry: 'scripts/bench/spray-server.mjs', cpu: pinning.serverCpu, maxSeconds: settings.deadlineSeconds + 30 });
  log(`server on 127.0.0.1:${server.port}; ${settings.samples} sign-ins of alice per scenario, spray of ${settings.inFlight} in flight`);
  const first = await login(server.port, USER.from, USER.username, USER.password);
  if (first.status !== 200) throw new Error(`alice's sign-in answered ${first.status}`);
  const rows = [];
  rows.push(await scenario(server, 'idle (before)', []));
  rows.push(await scenario(server, 'spray, one address', ['127.0.0.1'], settings.inFlight));
  rows.push(await scenario(server, 'spray, 30 addresses', MANY, Math.ceil(settings.inFlight / MANY.length)));
  rows.push(await scenario(server, 'idle (after)', []));
  const idle = median([...rows[0].times, ...rows[3].times]);
  console.log();
  printTable(
    ['scenario', 'spray answers', 'alice ok', 'alice 503', '503 median ms', 'median ms', 'p95 ms', 'max ms', 'x idle (median)'],
    rows.map((row) => {
      const sorted = [...row.times].sort((a, b) => a - b);
      return [row.name, row.spray, String(row.times.length), String(row.refused.length), row.refused.length ? fmtMs(median(row.refused)) : '-', fmtMs(median(sorted)), fmtMs(percentile(sorted, 0.95)), fmtMs(sorted.at(-1)), (median(sorted) / idle).toFixed(2)];
    }),
  );
  console.log(`\nidle median ${fmtMs(idle)} ms (before and after the sprays). 503s are refusals for capacity, answered at once with Retry-After: 1.`);
  closeAgents();
}

/**
 * alice's sign-ins, one per burst, each sent 20 ms after its burst (none: idle), so it lands while
 * the burst's sign-ins are being checked or refused. Bursts are 1.5 s apart.
 */
async function scenario(server, name, addresses, perAddress = 0) {
  const times = [];
  const totals = {};
  const refused = [];
  for (let i = 0; i < settings.samples; i++) {
    const spray = addresses.length ? burst(server.port, addresses, perAddress) : Promise.resolve({});
    await sleep(20);
    const answer = await login(server.port, USER.from, USER.username, USER.password);
    if (answer.status === 200) times.push(answer.ms);
    else if (answer.status === 503) refused.push(answer.ms);
    else throw new Error(`${name}: alice's sign-in answered ${answer.status}`);
    for (const [status, count] of Object.entries(await spray)) totals[status] = (totals[status] ?? 0) + count;
    await sleep(addresses.length ? 1500 : 50);
  }
  const spraySummary = Object.entries(totals).map(([status, count]) => `${count}×${status}`).join(' ') || '-';
  log(`${name}: ${times.length} ok, ${refused.length} refused; spray ${spraySummary}`);
  return { name, times, refused, spray: spraySummary };
}
