// The server half of a bench: the demo's embedded defaults, touching nothing outside the process,
// and a listener that stops by itself when the bench is gone.
import { generateKeyPairSync } from 'node:crypto';

/**
 * The demo's embedded defaults (DESIGN.md section 3) over `config`: SQLite in memory, memory stores,
 * seeded users, a fresh ES256 key held in memory (nothing is written to ./data), an ephemeral port,
 * and the sign-in throttle out of the way.
 */
export function benchDemoConfig(config) {
  return {
    ...config,
    port: 0,
    databaseUrl: 'sqlite::memory:',
    redisUrl: undefined,
    seed: true,
    signingKeyFile: '/nonexistent/bench-never-writes-this.pem',
    signingKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    // The benches sign in on one account from one address, in parallel, as fast as the server answers.
    signInThrottle: { perAccount: { limit: 1_000_000_000 }, perClient: { limit: 1_000_000_000 }, maxChecksInFlightPerClient: 1_000_000_000 },
    // Token minting signs in dozens of sessions at once; the bench measures throughput, not refusals.
    passwordMaxQueued: 1_000_000,
  };
}

/**
 * Listens on 127.0.0.1 with an ephemeral port and prints `BENCH_LISTENING <port>` for the bench.
 * Exits on SIGTERM/SIGINT, when stdin closes (the bench died) and after BENCH_MAX_SECONDS
 * (`defaultMaxSeconds` without it).
 */
export async function serveForBench(app, { defaultMaxSeconds }) {
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`BENCH_LISTENING ${app.getHttpServer().address().port}\n`);
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 3000).unref();
    try {
      await app.close();
    } finally {
      // A normal exit, so `node --cpu-prof` writes its profile.
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('error', () => void stop(0));
  process.stdin.resume();
  setTimeout(() => void stop(2), Number(process.env.BENCH_MAX_SECONDS ?? defaultMaxSeconds) * 1000).unref();
}
