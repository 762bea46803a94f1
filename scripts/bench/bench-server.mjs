// The server half of `npm run bench:guard`: boots the demo (from dist) inside the bench module on one
// HTTP adapter, listens on 127.0.0.1 with an ephemeral port and prints `BENCH_LISTENING <port>`.
//   node scripts/bench/bench-server.mjs express|fastify [keycloak]
// Env: BENCH_PASSPORT_SECRET (required), BENCH_REDIS_URL (required: the stores, so the step-up
// route's elevation is read from Redis), BENCH_MAX_SECONDS (default 900, a hard stop),
// BENCH_PROFILE_DIR (optional: SIGUSR2 toggles a CPU profile written there).
// With `keycloak`, the demo's `keycloak` config comes from KEYCLOAK_URL, KEYCLOAK_REALM,
// KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET (all required), so guarded routes also accept the
// realm's own access tokens; it seeds no users, since nothing signs in on it.
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
const { AuthValidationPipe, keycloakSettingsFromEnv } = require('@stepgate/auth');

const platform = process.argv[2] ?? process.env.BENCH_PLATFORM ?? 'express';
if (platform !== 'express' && platform !== 'fastify') throw new Error(`platform must be express or fastify, not "${platform}"`);
const passportSecret = process.env.BENCH_PASSPORT_SECRET;
if (!passportSecret) throw new Error('BENCH_PASSPORT_SECRET is required');
const redisUrl = process.env.BENCH_REDIS_URL;
if (!redisUrl) throw new Error('BENCH_REDIS_URL is required');
const identity = process.argv[3] ?? 'local';
if (identity !== 'local' && identity !== 'keycloak') throw new Error(`identity must be keycloak or absent, not "${identity}"`);
const keycloak = identity === 'keycloak' ? keycloakSettingsFromEnv(process.env) : undefined;
if (identity === 'keycloak' && !keycloak) throw new Error('KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET are required with `keycloak`');

// Mirrors createDemoApp() in apps/demo/src/create-demo-app.ts, with the bench module as the root.
async function createBenchApp() {
  const base = { ...benchDemoConfig({ mode: 'stateful' }), redisUrl };
  // The seeder would list the realm's users through its admin API at start-up; the realm holds them already.
  const demoConfig = keycloak ? { ...base, keycloak, seed: false } : base;
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
    // The realm-token server profiles beside the other one: its files must not overwrite the other's.
    const file = `${dir}/${platform}${keycloak ? '-keycloak' : ''}-${++count}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`BENCH_PROFILE ${file}\n`);
  });
}

await serveForBench(await createBenchApp(), { defaultMaxSeconds: 900 });
if (process.env.BENCH_PROFILE_DIR) await profileOnSignal(process.env.BENCH_PROFILE_DIR);
