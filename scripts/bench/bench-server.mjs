// The server half of `npm run bench:guard`: boots the demo (from dist) inside the bench module on one
// HTTP adapter, listens on 127.0.0.1 with an ephemeral port and prints `BENCH_LISTENING <port>`.
//   node scripts/bench/bench-server.mjs express|fastify
// Env: BENCH_PASSPORT_SECRET (required), BENCH_MAX_SECONDS (default 900, a hard stop),
// BENCH_PROFILE_DIR (optional: SIGUSR2 toggles a CPU profile written there).
// It exits on SIGTERM/SIGINT, when its stdin closes (the parent died) and after BENCH_MAX_SECONDS.
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { benchModule } from './bench.module.mjs';

const require = createRequire(import.meta.url);
const { BODY_LIMIT_BYTES } = require('../../dist/apps/demo/src/create-demo-app.js');
const { AuthValidationPipe } = require('../../dist/libs/auth/src/index.js');

const platform = process.argv[2] ?? process.env.BENCH_PLATFORM ?? 'express';
if (platform !== 'express' && platform !== 'fastify') throw new Error(`platform must be express or fastify, not "${platform}"`);
const passportSecret = process.env.BENCH_PASSPORT_SECRET;
if (!passportSecret) throw new Error('BENCH_PASSPORT_SECRET is required');

/** The demo's embedded defaults (DESIGN.md section 3), with the sign-in throttle out of the way. */
const demoConfig = {
  port: 0,
  databaseUrl: 'sqlite::memory:',
  redisUrl: undefined,
  mode: 'stateful',
  seed: true,
  signingKeyFile: '/nonexistent/bench-never-writes-this.pem',
  // A fresh key in memory: nothing is written to ./data.
  signingKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  // The bench signs in thousands of times in parallel on the same accounts.
  signInThrottle: { perAccount: { limit: 1_000_000_000 }, perClient: { limit: 1_000_000_000 } },
};

// Mirrors createDemoApp() in apps/demo/src/create-demo-app.ts, with the bench module as the root.
async function createBenchApp() {
  const module = benchModule({ demoConfig, passportSecret });
  const logger = ['warn', 'error'];
  if (platform === 'fastify') {
    const app = await NestFactory.create(module, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), { logger });
    app.useGlobalPipes(new AuthValidationPipe());
    return app;
  }
  const app = await NestFactory.create(module, { bodyParser: false, logger });
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  SwaggerModule.setup('docs', app, () =>
    SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Stepgate demo').addBearerAuth().build()),
  );
  app.useGlobalPipes(new AuthValidationPipe());
  return app;
}

const app = await createBenchApp();
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address();
process.stdout.write(`BENCH_LISTENING ${port}\n`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 3000).unref();
  try {
    await app.close();
  } finally {
    // A normal exit, so `node --cpu-prof` writes its profile.
    process.exit(code);
  }
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();
setTimeout(() => void stop(2), Number(process.env.BENCH_MAX_SECONDS ?? 900) * 1000).unref();

// With BENCH_PROFILE_DIR, SIGUSR2 starts a CPU profile and the next SIGUSR2 writes it there, so the
// parent can profile exactly one measured scenario.
if (process.env.BENCH_PROFILE_DIR) {
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  let profiling = false;
  let count = 0;
  process.on('SIGUSR2', async () => {
    if (!profiling) {
      profiling = true;
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    profiling = false;
    mkdirSync(process.env.BENCH_PROFILE_DIR, { recursive: true });
    const file = `${process.env.BENCH_PROFILE_DIR}/${platform}-${++count}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`BENCH_PROFILE ${file}\n`);
  });
}
