// The baseline of `npm run bench:guard`: a bare Nest app without Stepgate, on the same adapter with
// the same body parsing as bench-server.mjs, answering the same `{"ok":true}`. Every route of an app
// that adopts Stepgate pays the difference between this and the demo's public route.
//   node scripts/bench/bare-server.mjs express|fastify
// It prints `BENCH_LISTENING <port>` and stops as bench-server.mjs does (lib/serve.mjs).
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { decorateMethod } from './lib/decorate.mjs';
import { serveForBench } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const { BODY_LIMIT_BYTES } = require('../../apps/demo/dist/create-demo-app.js');

const platform = process.argv[2] ?? 'express';
if (platform !== 'express' && platform !== 'fastify') throw new Error(`platform must be express or fastify, not "${platform}"`);

class BareController {
  publicRoute() {
    return { ok: true };
  }
}
decorateMethod(BareController, 'publicRoute', [Get('public')]);
Reflect.decorate([Controller('bench')], BareController);
class BareModule {}
Reflect.decorate([Module({ controllers: [BareController] })], BareModule);

const logger = ['warn', 'error'];
let app;
if (platform === 'fastify') {
  app = await NestFactory.create(BareModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), { logger });
} else {
  app = await NestFactory.create(BareModule, { bodyParser: false, logger });
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
}
await serveForBench(app, { defaultMaxSeconds: 900 });
