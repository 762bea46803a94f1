// The server half of `npm run bench:flow`: the demo from dist, configured from the environment as
// `npm run start:demo` is (AUTH_MODE, DEMO_ACCESS_PIN, PASSWORD_MAX_CONCURRENT), on its embedded
// defaults (SQLite in memory, memory stores, seeded users, a fresh ES256 key held in memory) with the
// sign-in throttle out of the way. Listens on 127.0.0.1 (ephemeral port), prints `BENCH_LISTENING <port>`.
// With BENCH_TOTP_USERS=<n> it first creates n users with TOTP enrolled (flow/totp-seed.mjs) and
// prints them, before listening, as `BENCH_DATA <json>`.
// It exits on SIGTERM/SIGINT, when its stdin closes (the parent died) and after BENCH_MAX_SECONDS.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { seedTotpUsers } from './flow/totp-seed.mjs';
import { positiveInt } from './lib/knobs.mjs';
import { benchDemoConfig, serveForBench } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const { createDemoApp } = require('../../apps/demo/dist/create-demo-app.js');
const { demoConfigFromEnv } = require('../../apps/demo/dist/demo-config.js');

const app = await createDemoApp(benchDemoConfig(demoConfigFromEnv(process.env)), { logger: ['warn', 'error'] });
if (process.env.BENCH_TOTP_USERS) {
  // The command handlers are registered when the app boots.
  await app.init();
  const pool = await seedTotpUsers(app, positiveInt(process.env.BENCH_TOTP_USERS));
  process.stdout.write(`BENCH_DATA ${JSON.stringify(pool)}\n`);
}
await serveForBench(app, { defaultMaxSeconds: 600 });
