// The Keycloak adapters from the packed package, in the app outside the monorepo: with the KEYCLOAK_*
// settings of the realm scripts/keycloak.sh serves, the app signs in through the realm and accepts
// the realm's own tokens; without them it stays on the local provider. CI exports them (.ci/run),
// and there a missing setting fails the check rather than skipping it.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, createDefaultIdentityProvider, KeycloakConfigError } from '@stepgate/auth';
import { GreetingController } from '../src/greeting.controller';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const settings = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'] as const;
const onKeycloak = settings.every((name) => process.env[name]);

describe('createDefaultIdentityProvider from the packed package', () => {
  it('stays on the local provider without KEYCLOAK_* and refuses a half-set environment', () => {
    assert.equal(createDefaultIdentityProvider({}), undefined);
    assert.throws(() => createDefaultIdentityProvider({ KEYCLOAK_URL: 'http://127.0.0.1:8180' }), (error: Error) => error instanceof KeycloakConfigError && /KEYCLOAK_REALM/.test(error.message));
  });

  it('has the KEYCLOAK_* settings when run in CI', { skip: !process.env.CI && !onKeycloak && 'KEYCLOAK_* not set: run bash scripts/keycloak.sh and export what it prints' }, () => {
    assert.deepEqual(settings.filter((name) => !process.env[name]), []);
  });
});

describe('an app on Keycloak, from the packed package', { skip: !onKeycloak && 'KEYCLOAK_* not set' }, () => {
  let app: INestApplication;
  let url: string;
  before(async () => {
    @Module({
      imports: [AuthModule.forRoot({ signingKey: { privateKey: signingKey }, identity: createDefaultIdentityProvider(process.env, { acceptRealmTokens: true }) })],
      controllers: [GreetingController],
    })
    class KeycloakAppModule {}
    app = await NestFactory.create(KeycloakAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  after(async () => app?.close());

  const post = (path: string, body: object) => fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('signs alice in with her realm password and greets her with the module token', async () => {
    const login = await post('/auth/login', { username: 'alice', password: 'alice-demo-password' });
    assert.equal(login.status, 200);
    const { access_token } = (await login.json()) as { access_token: string };
    const hello = await fetch(`${url}/hello`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.deepEqual(await hello.json(), { hello: 'alice' });
  });

  it("accepts the realm's own access token of the admin on the admin route", async () => {
    const form = new URLSearchParams({ grant_type: 'password', client_id: process.env.KEYCLOAK_CLIENT_ID!, client_secret: process.env.KEYCLOAK_CLIENT_SECRET!, username: 'admin', password: 'admin-demo-password' });
    const grant = await fetch(`${process.env.KEYCLOAK_URL}/realms/${process.env.KEYCLOAK_REALM}/protocol/openid-connect/token`, { method: 'POST', body: form });
    const { access_token } = (await grant.json()) as { access_token: string };
    const report = await fetch(`${url}/admin/report`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.equal(report.status, 200);
    assert.deepEqual(await report.json(), { report: 'for admins' });
  });

  it('refuses a wrong realm password with 401 INVALID_CREDENTIALS', async () => {
    const login = await post('/auth/login', { username: 'alice', password: 'not-alice-demo-password' });
    assert.equal(login.status, 401);
    assert.equal(((await login.json()) as { code: string }).code, 'INVALID_CREDENTIALS');
  });
});
