// The server half of `npm run bench:flow`: the demo from dist, configured from the environment as
// `npm run start:demo` is (AUTH_MODE, DEMO_ACCESS_PIN, PASSWORD_MAX_CONCURRENT), on its embedded
// defaults (SQLite in memory, memory stores, seeded users, a fresh ES256 key held in memory) with the
// sign-in throttle out of the way. Listens on 127.0.0.1 (ephemeral port), prints `BENCH_LISTENING <port>`.
// It exits on SIGTERM/SIGINT, when its stdin closes (the parent died) and after BENCH_MAX_SECONDS.
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createDemoApp } = require('../../dist/apps/demo/src/create-demo-app.js');
const { demoConfigFromEnv } = require('../../dist/apps/demo/src/demo-config.js');

const config = {
  ...demoConfigFromEnv(process.env),
  port: 0,
  databaseUrl: 'sqlite::memory:',
  redisUrl: undefined,
  seed: true,
  signingKeyFile: '/nonexistent/bench-never-writes-this.pem',
  signingKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  // Every sign-in of the bench is for one account from one address, as fast as the server answers.
  signInThrottle: { perAccount: { limit: 1_000_000_000 }, perClient: { limit: 1_000_000_000 } },
};

const app = await createDemoApp(config, { logger: ['warn', 'error'] });
await app.listen(0, '127.0.0.1');
process.stdout.write(`BENCH_LISTENING ${app.getHttpServer().address().port}\n`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 3000).unref();
  try {
    await app.close();
  } finally {
    process.exit(code);
  }
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();
setTimeout(() => void stop(2), Number(process.env.BENCH_MAX_SECONDS ?? 600) * 1000).unref();
