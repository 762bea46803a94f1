// The server half of `npm run bench:guard`: boots the demo (from dist) inside the bench module on one
// HTTP adapter, listens on 127.0.0.1 with an ephemeral port and prints `BENCH_LISTENING <port>`.
//   node scripts/bench/bench-server.mjs express|fastify
// Env: BENCH_PASSPORT_SECRET (required), BENCH_REDIS_URL (required: the stores, so the step-up
// route's elevation is read from Redis), BENCH_MAX_SECONDS (default 900, a hard stop),
// BENCH_PROFILE_DIR (optional: SIGUSR2 toggles a CPU profile written there).
// It exits on SIGTERM/SIGINT, when its stdin closes (the parent died) and after BENCH_MAX_SECONDS.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { benchModule } from './bench.module.mjs';
import { benchDemoConfig, serveForBench } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const { BODY_LIMIT_BYTES } = require('../../apps/demo/dist/create-demo-app.js');
const { AuthValidationPipe } = require('@stepgate/auth');

const platform = process.argv[2] ?? process.env.BENCH_PLATFORM ?? 'express';
if (platform !== 'express' && platform !== 'fastify') throw new Error(`platform must be express or fastify, not "${platform}"`);
const passportSecret = process.env.BENCH_PASSPORT_SECRET;
if (!passportSecret) throw new Error('BENCH_PASSPORT_SECRET is required');
const redisUrl = process.env.BENCH_REDIS_URL;
if (!redisUrl) throw new Error('BENCH_REDIS_URL is required');

// Mirrors createDemoApp() in apps/demo/src/create-demo-app.ts, with the bench module as the root.
async function createBenchApp() {
  const module = benchModule({ demoConfig: { ...benchDemoConfig({ mode: 'stateful' }), redisUrl }, passportSecret });
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

// SIGUSR2 starts a CPU profile and the next SIGUSR2 writes it to `dir`, so the parent can profile
// exactly one measured scenario.
async function profileOnSignal(dir) {
  const { Session } = await import('node:inspector/promises');
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
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/${platform}-${++count}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`BENCH_PROFILE ${file}\n`);
  });
}

await serveForBench(await createBenchApp(), { defaultMaxSeconds: 900 });
if (process.env.BENCH_PROFILE_DIR) await profileOnSignal(process.env.BENCH_PROFILE_DIR);
