// The server half of `node scripts/bench/spray.mjs`: the demo from dist on its embedded defaults
// (lib/serve.mjs) but with the module's real sign-in throttle (5 per account, 50 per client address,
// 900 s), since what the spray bench shows is how the throttle and the bounded hashing queue shield a
// legitimate sign-in. Listens on 127.0.0.1 (ephemeral port), prints `BENCH_LISTENING <port>`.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { benchDemoConfig, serveForBench } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const { createDemoApp } = require('../../apps/demo/dist/create-demo-app.js');
const { demoConfigFromEnv } = require('../../apps/demo/dist/demo-config.js');

// The library's own throttles and queue bound: they are what this bench measures.
const config = { ...benchDemoConfig(demoConfigFromEnv(process.env)), signInThrottle: undefined, passwordMaxQueued: undefined };
// No logger: a spray makes the filter log a warning line per refused sign-in, burying the bench's output.
const app = await createDemoApp(config, { logger: false });
await serveForBench(app, { defaultMaxSeconds: 300 });
