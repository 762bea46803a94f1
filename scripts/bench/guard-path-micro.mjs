// In-process timing of the guard's path without HTTP, pinned to one core:
//   taskset -c 1 node scripts/bench/guard-path-micro.mjs
// Boots the bench module as an application context (from dist), signs in once, mints tokens for that
// session with the module's own AccessTokenIssuer, then times each layer with seen and unseen tokens.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { benchModule } from './bench.module.mjs';

const require = createRequire(import.meta.url);
const auth = require('@stepgate/auth');
const { generateKeyPairSync } = require('node:crypto');

const N = Number(process.env.MICRO_N ?? 3000);
const demoConfig = {
  port: 0, databaseUrl: 'sqlite::memory:', mode: 'stateful', seed: true, signingKeyFile: '/nonexistent',
  signingKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
};
const app = await NestFactory.createApplicationContext(benchModule({ demoConfig, passportSecret: 'x' }), { logger: ['error'] });
await app.init();
const commands = app.get(CommandBus);
const queries = app.get(QueryBus);
const tokens = app.get(auth.AccessTokenIssuer, { strict: false });
const signed = await commands.execute(new auth.AuthenticateWithCredentialsCommand('alice', 'alice-demo-password'));
const seen = signed.tokens.accessToken ?? signed.tokens.access_token;
// The claims of a real sign-in, re-signed with fresh jti/iat: tokens the session check accepts.
const claims = JSON.parse(Buffer.from(seen.split('.')[1], 'base64url').toString('utf8'));
const { iss, aud, iat, exp, jti, ...unsigned } = claims;
const ttlSeconds = exp - iat;

async function mint(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await tokens.sign(unsigned, ttlSeconds, new Date()));
  return out;
}

async function time(label, fn, fresh) {
  const batches = [];
  for (let b = 0; b < 6; b++) {
    const input = fresh ? await mint(N) : undefined;
    const start = performance.now();
    for (let i = 0; i < N; i++) await fn(input?.[i]);
    batches.push(((performance.now() - start) * 1000) / N);
  }
  batches.shift();
  batches.sort((a, b) => a - b);
  console.log(`${batches[2].toFixed(1).padStart(7)} us  ${label}`);
}

await time('QueryBus AuthenticateAccessTokenQuery, seen token', () => queries.execute(new auth.AuthenticateAccessTokenQuery(seen)));
await time('QueryBus AuthenticateAccessTokenQuery, new token', (t) => queries.execute(new auth.AuthenticateAccessTokenQuery(t)), true);
await time('AccessTokenIssuer.sign (for reference: what a refresh signs)', () => tokens.sign(unsigned, ttlSeconds, new Date()));
await app.close();
