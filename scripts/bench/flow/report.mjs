// bench:flow's output: completed sign-ins per second against the argon2id bound measured in the run.
import { cpus } from 'node:os';
import { median, printTable } from '../lib/report.mjs';
import { CORES, SERVERS } from './sign-ins.mjs';

const DEFAULT_MAX_CONCURRENT = Math.max(1, CORES - 1);
const TARGET = 0.85;
const LABELS = { login: '(b) POST /auth/login', flow: '(c) password + access PIN', totp: '(d) password + TOTP' };

export const ms = (value) => value.toFixed(1);

export function printHeader({ rounds, seconds, connections }) {
  console.log(
    `bench:flow — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${CORES} CPUs (availableParallelism); ` +
      `${rounds} rounds × ${seconds} s per server, autocannon -c ${connections}`,
  );
}

export function printReport(runs, secondsPerHash, slotMedians, totp, parallelRate) {
  const bound = CORES / secondsPerHash;
  console.log(
    `\nargon2id bound: ${CORES} cores ÷ ${(secondsPerHash * 1000).toFixed(1)} ms per hash = ${bound.toFixed(1)} sign-ins/s ` +
      `(median of ${slotMedians.length} timings across the run; their medians ranged ${ms(Math.min(...slotMedians))}–${ms(Math.max(...slotMedians))} ms)`,
  );
  console.log(
    `argon2id with all ${CORES} cores hashing back to back on worker threads of this process: ${parallelRate.toFixed(1)} hashes/s = ${(parallelRate / bound).toFixed(2)}x the bound ` +
      `(the 'x all-cores rate' column divides by this: what is left is the server's own cost)\n`,
  );
  const header = ['scenario', 'mode', 'argon2 maxConcurrent', 'per round', 'median /s', 'x bound', `target ≥ ${TARGET}x`, 'x all-cores rate', 'server CPU', 'CPU ms/sign-in', 'failed'];
  const rows = SERVERS.map((spec) => {
    const own = runs.filter((run) => run.server.key === spec.key);
    const rate = median(own.map((run) => run.perSecond));
    const ratio = rate / bound;
    return [
      LABELS[spec.scenario],
      spec.mode,
      spec.maxConcurrent === undefined ? `default (${DEFAULT_MAX_CONCURRENT})` : String(spec.maxConcurrent),
      own.map((run) => run.perSecond.toFixed(1)).join(' / '),
      rate.toFixed(1),
      `${ratio.toFixed(2)}x`,
      ratio >= TARGET ? 'PASS' : 'MISS',
      `${(rate / parallelRate).toFixed(2)}x`,
      `${(median(own.map((run) => run.serverCpu)) * 100).toFixed(0)}%`,
      median(own.map((run) => run.cpuMsPerSignIn)).toFixed(1),
      String(own.reduce((sum, run) => sum + run.failures, 0)),
    ];
  });
  printTable(header, rows, { left: 3, plain: true });
  console.log(
    `\n'per round' are completed sign-ins/s in each alternating round; 'server CPU' is the server process's share of all ${CORES} cores ` +
      `and 'CPU ms/sign-in' its CPU time (all threads) per completed sign-in: the hash is ${(secondsPerHash * 1000).toFixed(1)} ms of it, ` +
      `so ${CORES} cores ÷ that figure is the most this server could do. A flow (c) is one argon2id verification plus the PIN step, ` +
      `and a sign-in (d) one plus the TOTP step, so the same bound applies.`,
  );
  const peaks = totp.pools.map(({ server, peak }) => `${peak} (${server.mode})`).join(', ');
  const ranOut = totp.pools.filter((p) => p.exhausted > 0).map(({ server, exhausted }) => `${exhausted} sign-ins on ${server.mode}`);
  console.log(
    `(d) TOTP pool: ${totp.users} users with TOTP enrolled per server (${totp.sizing}); each signs in at most once per time step, ` +
      `and the most spent in one step were ${peaks}. Ran out: ${ranOut.length ? `${ranOut.join(', ')}: ERROR` : 'never'}.`,
  );
}
