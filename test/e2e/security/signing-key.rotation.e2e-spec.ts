// Threat: a key rotation that either logs everyone out (tokens of the old key refused at once) or
// never ends (a retired key that still signs, or whose private half must stay deployed). A retired
// key is configured by its public half only: it verifies until removed, is published, never signs.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK, importJWK, jwtVerify } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthModule, type AuthModuleOptions, memoryPersistence, memoryStores, UserDirectory } from '@stepgate/auth';
import { bearer, expectProblem } from '../support/problem';

const persistence = memoryPersistence();
const stores = memoryStores();
const apps: INestApplication[] = [];

/** One instance of the app, sharing users and sessions with the others, as after a redeploy. */
async function instance(keys: Pick<AuthModuleOptions, 'signingKey' | 'previousSigningKeys'>) {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ ...keys, persistence, stores, password: { memoryCost: 1024, timeCost: 1 } })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  apps.push(app);
  const http = request(app.getHttpServer());
  const signIn = async () => {
    const response = await http.post('/auth/login').send({ username: 'rota', password: 'rota-password' });
    expect(response.status, response.text).toBe(200);
    return response.body.access_token as string;
  };
  const jwks = async () => (await http.get('/auth/.well-known/jwks.json')).body.keys as JWK[];
  return { app, http, signIn, jwks };
}

/** An ES256 key pair and the kid the module gives it (RFC 7638 thumbprint). */
async function esKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicJwk, kid: await calculateJwkThumbprint(publicJwk) };
}

let oldKey: Awaited<ReturnType<typeof esKey>>;
let newKey: Awaited<ReturnType<typeof esKey>>;
let oldToken: string;
let oldJwksEntry: JWK;

beforeAll(async () => {
  [oldKey, newKey] = await Promise.all([esKey(), esKey()]);
  const before = await instance({ signingKey: { privateKey: oldKey.privateKeyPem } });
  await before.app.get(UserDirectory).create({ username: 'rota', password: 'rota-password' });
  oldToken = await before.signIn();
  [oldJwksEntry] = await before.jwks();
});
afterAll(() => Promise.all(apps.map((app) => app.close())));

describe.each([
  ['its JWKS entry, copied from the app that used it', () => ({ publicKey: oldJwksEntry as Record<string, unknown> })],
  ['its SPKI PEM', () => ({ publicKey: createPublicKey(oldKey.privateKeyPem).export({ format: 'pem', type: 'spki' }).toString() })],
  ['its private key, of which only the public half is kept', () => ({ privateKey: oldKey.privateKeyPem })],
])('after a rotation, with the retired key given as %s', (_label, retired) => {
  let after: Awaited<ReturnType<typeof instance>>;
  beforeAll(async () => {
    after = await instance({ signingKey: { privateKey: newKey.privateKeyPem }, previousSigningKeys: [retired()] });
  });

  it('still accepts a token the retired key signed', async () => {
    expect(decodeProtectedHeader(oldToken).kid).toBe(oldKey.kid);
    const response = await after.http.get('/auth/me').set(bearer(oldToken));
    expect(response.status, response.text).toBe(200);
    expect(response.body.username).toBe('rota');
  });

  it('publishes both keys, the current one first, and no private part', async () => {
    const keys = await after.jwks();
    expect(keys.map((key) => key.kid)).toEqual([newKey.kid, oldKey.kid]);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });

  it('signs new tokens with the current key only', async () => {
    const token = await after.signIn();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: newKey.kid });
    await expect(jwtVerify(token, await importJWK(newKey.publicJwk, 'ES256'))).resolves.toBeDefined();
    await expect(jwtVerify(token, await importJWK(oldKey.publicJwk, 'ES256'))).rejects.toThrow();
  });
});

describe('once the retired key is removed', () => {
  it('refuses the tokens it signed', async () => {
    const later = await instance({ signingKey: { privateKey: newKey.privateKeyPem } });
    expectProblem(await later.http.get('/auth/me').set(bearer(oldToken)), 401, 'TOKEN_INVALID');
    expect((await later.jwks()).map((key) => key.kid)).toEqual([newKey.kid]);
  });
});

describe('a retired key listed under the current key’s kid', () => {
  it('fails the start-up instead of shadowing one of the two', async () => {
    const compile = Test.createTestingModule({
      imports: [AuthModule.forRoot({ signingKey: { privateKey: newKey.privateKeyPem }, previousSigningKeys: [{ publicKey: newKey.publicJwk as Record<string, unknown> }] })],
    }).compile();
    await expect(compile).rejects.toThrow(/previousSigningKeys\[0\] has kid ".+", already taken by signingKey/);
  });
});
