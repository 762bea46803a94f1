// autocannon as the benches use it. Rates and latencies come from the responses themselves:
// autocannon's totals are aligned to its 1 s sample ticks, which skews short runs, and its
// histogram keeps whole milliseconds.
import autocannon from 'autocannon';

/**
 * Runs autocannon to the end and resolves with its result; `onResponse(status, milliseconds)` sees
 * every response as it arrives.
 */
export function fire(options, onResponse) {
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolveRun(result)));
    if (onResponse) instance.on('response', (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  });
}

/** The `p` quantile (0..1) of ascending `sorted` values, NaN when there are none. */
export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : Number.NaN;
}
