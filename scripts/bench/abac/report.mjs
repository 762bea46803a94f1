// bench:abac's output: the two ways' latencies, their ratios and the target.
import { cpus } from 'node:os';
import { fmtInt, fmtMs, printTable } from '../lib/report.mjs';

export const TARGET = 100;

/** Nearest-rank percentile: with 10 samples, p99 is the slowest of them. */
export function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export function printHeader({ settings, cores, serverVersion, member, readable, sql }) {
  console.log(
    `bench:abac — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} CPUs; ${serverVersion}\n` +
      `${fmtInt(settings.rows)} documents, ${settings.owners} owners in ${settings.departments} departments; ` +
      `member: ${member.username} (${member.attributes.department}), who may read ${fmtInt(readable)} of them; ` +
      `page ${settings.page}, ${settings.pageSize} per page, newest first`,
  );
  console.log(`pushdown page query: ${sql[0]}\n  parameters: ${JSON.stringify(sql[1])}`);
}

export function printResults(pushdown, loadAndFilter) {
  const row = (name, times) => [name, String(times.length), fmtMs(percentile(times, 0.5)), fmtMs(percentile(times, 0.99)), fmtMs(Math.min(...times)), fmtMs(Math.max(...times))];
  console.log('');
  printTable(['way', 'iterations', 'p50 ms', 'p99 ms', 'min ms', 'max ms'], [row('pushdown', pushdown.times), row('load-and-filter', loadAndFilter.times)], { left: 1 });
  console.log('pushdown: policy.filterFor + whereAuthorized + skip/take + getManyAndCount (the page query and a COUNT)');
  console.log(`load-and-filter: getMany of all ${fmtInt(loadAndFilter.loaded)} rows in page order, policy.can on each, count, slice`);
  const p50 = percentile(loadAndFilter.times, 0.5) / percentile(pushdown.times, 0.5);
  const p99 = percentile(loadAndFilter.times, 0.99) / percentile(pushdown.times, 0.99);
  console.log(`\nload-and-filter / pushdown: ${p50.toFixed(0)}x at p50, ${p99.toFixed(0)}x at p99`);
  const verdict = (ratio) => (ratio >= TARGET ? 'PASS' : 'MISS');
  console.log(`target pushdown ≥ ${TARGET}x faster: ${verdict(p50)} at p50, ${verdict(p99)} at p99`);
}

export function printMachineLoad(phases, cores) {
  const share = ({ load }) => Math.max(0, load.others + load.steal) / cores;
  // NaN when a process could not be read (not Linux, or the backend was replaced): said, not hidden.
  const parts = phases.map((phase) => `${Number.isFinite(share(phase)) ? `${(share(phase) * 100).toFixed(0)}%` : 'n/a'} during ${phase.name}`);
  console.log(
    `other processes' share of the ${cores} cores (this process and its PostgreSQL backend excluded): ${parts.join(', ')}` +
      `${Math.max(...phases.map(share)) > 0.05 ? ': the figures are disturbed, run again on a quiet machine' : ''}`,
  );
}
