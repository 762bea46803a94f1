// The comparison of bench:guard's realm-token rows: the bare Nest app of bare-server.mjs (same
// adapter, same body parsing, same `{"ok":true}`) with nest-keycloak-connect guarding
// `GET /bench/secure`, set up as its README shows: `KeycloakConnectModule.register({ authServerUrl,
// realm, clientId, secret, tokenValidation })` and its `AuthGuard` as APP_GUARD.
//   node scripts/bench/keycloak-connect-server.mjs express|fastify offline|online
// Env: KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET (all required, as
// for bench-server.mjs keycloak). It prints `BENCH_LISTENING <port>` and stops as bench-server.mjs does (lib/serve.mjs).
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthGuard, KeycloakConnectModule, TokenValidation } from 'nest-keycloak-connect';
import { decorateMethod } from './lib/decorate.mjs';
import { serveForBench } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const { BODY_LIMIT_BYTES } = require('../../apps/demo/dist/create-demo-app.js');

const platform = process.argv[2] ?? 'express';
if (platform !== 'express' && platform !== 'fastify') throw new Error(`platform must be express or fastify, not "${platform}"`);
const validation = { offline: TokenValidation.OFFLINE, online: TokenValidation.ONLINE }[process.argv[3] ?? 'offline'];
if (!validation) throw new Error(`token validation must be offline or online, not "${process.argv[3]}"`);
const required = (name) => process.env[name] || (() => { throw new Error(`${name} is required`); })();

class KeycloakConnectController {
  secureRoute() {
    return { ok: true };
  }
}
decorateMethod(KeycloakConnectController, 'secureRoute', [Get('secure')]);
Reflect.decorate([Controller('bench')], KeycloakConnectController);
class KeycloakConnectBenchModule {}
Reflect.decorate(
  [
    Module({
      imports: [
        KeycloakConnectModule.register({
          authServerUrl: required('KEYCLOAK_URL'),
          realm: required('KEYCLOAK_REALM'),
          clientId: required('KEYCLOAK_CLIENT_ID'),
          secret: required('KEYCLOAK_CLIENT_SECRET'),
          tokenValidation: validation,
        }),
      ],
      controllers: [KeycloakConnectController],
      // Global, as Stepgate's guards are: every route pays the same metadata lookups.
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    }),
  ],
  KeycloakConnectBenchModule,
);

const logger = ['warn', 'error'];
let app;
if (platform === 'fastify') {
  app = await NestFactory.create(KeycloakConnectBenchModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), { logger });
} else {
  app = await NestFactory.create(KeycloakConnectBenchModule, { bodyParser: false, logger });
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
}
await serveForBench(app, { defaultMaxSeconds: 900 });
