// Output shared by the benches: progress lines, tables, medians and number formats.
import { performance } from 'node:perf_hooks';

export function log(message) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/**
 * Prints a table with the first `left` columns padded on the right and the rest on the left.
 * `plain` draws no borders (bench:flow's look); otherwise a Markdown table (bench:guard's).
 */
export function printTable(header, rows, { left = 2, plain = false } = {}) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const pad = (cells) => cells.map((c, i) => (i < left ? c.padEnd(widths[i]) : c.padStart(widths[i])));
  const line = plain ? (cells) => pad(cells).join('  ') : (cells) => `| ${pad(cells).join(' | ')} |`;
  console.log(line(header));
  console.log(plain ? widths.map((w) => '-'.repeat(w)).join('  ') : `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmtInt(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function fmtMs(value) {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

/** Seconds since a `performance.now()` reading, for progress lines. */
export function secondsSince(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}
