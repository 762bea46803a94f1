// The packed @stepgate/auth, installed into an app outside the monorepo with nothing but Nest's core
// packages: it boots on Express and Fastify, a first user is created through the CommandBus, and
// public, signed-in and admin-only routes answer as the README says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserCommand, MissingPeerDependencyError } from '@stepgate/auth';
import { FixedClock } from '@stepgate/auth/testing';
import { createApp, type Platform } from '../src/create-app';

async function call(url: string, path: string, init: RequestInit = {}): Promise<{ status: number; type: string | null; body: any }> {
  const response = await fetch(url + path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

for (const platform of ['express', 'fastify'] as Platform[]) {
  describe(`the packed package on ${platform}`, () => {
    let app: INestApplication;
    let url: string;

    before(async () => {
      ({ app, url } = await createApp(platform));
      const commands = app.get(CommandBus);
      await commands.execute(new CreateUserCommand('root', 'root-password-for-the-check', { groups: ['admin'] }));
      await commands.execute(new CreateUserCommand('ann', 'ann-password-for-the-check'));
    });
    after(async () => app.close());

    const signIn = async (username: string, password: string): Promise<string> => {
      const { status, body } = await call(url, '/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.status, 'complete');
      return body.access_token;
    };

    it('answers a @Public() route without a token', async () => {
      assert.deepEqual(await call(url, '/health'), { status: 200, type: 'application/json; charset=utf-8', body: { ok: true } });
    });

    it('refuses a guarded route without a token with problem+json 401', async () => {
      const { status, type, body } = await call(url, '/hello');
      assert.equal(status, 401);
      assert.match(type ?? '', /^application\/problem\+json/);
      assert.equal(body.code, 'UNAUTHENTICATED');
    });

    it('signs a created user in and lets them call a signed-in route, not an admin one', async () => {
      const token = await signIn('ann', 'ann-password-for-the-check');
      const authorization = { authorization: `Bearer ${token}` };
      assert.deepEqual((await call(url, '/hello', { headers: authorization })).body, { hello: 'ann' });
      const admin = await call(url, '/admin/report', { headers: authorization });
      assert.equal(admin.status, 403);
      assert.equal(admin.body.code, 'FORBIDDEN');
    });

    it('lets an admin call the @RequireGroups(\'admin\') route', async () => {
      const token = await signIn('root', 'root-password-for-the-check');
      const { status, body } = await call(url, '/admin/report', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(status, 200);
      assert.deepEqual(body, { report: 'for admins' });
    });

    it('answers a wrong password with 401 INVALID_CREDENTIALS', async () => {
      const { status, body } = await call(url, '/auth/login', { method: 'POST', body: JSON.stringify({ username: 'ann', password: 'not-her-password' }) });
      assert.equal(status, 401);
      assert.equal(body.code, 'INVALID_CREDENTIALS');
    });
  });
}

describe('the minimal install', () => {
  for (const name of ['typeorm', '@nestjs/typeorm', 'ioredis', 'pg', 'better-sqlite3', '@nestjs/swagger', '@nestjs/testing']) {
    it(`has no ${name}`, () => {
      assert.throws(() => require.resolve(name), { code: 'MODULE_NOT_FOUND' });
    });
  }

  it('names the package to install when TypeORM persistence is asked for without TypeORM', () => {
    assert.throws(
      () => require('@stepgate/auth/typeorm'),
      (error: Error) => error instanceof MissingPeerDependencyError && /npm install typeorm/.test(error.message),
    );
  });

  it('loads @stepgate/auth/testing without a test runner or @nestjs/testing', () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    clock.advance(60);
    assert.equal(clock.now().toISOString(), '2026-01-01T00:01:00.000Z');
  });

  it('ships a stepgate-keygen that prints a usable key', () => {
    const output = execFileSync('npx', ['--no-install', 'stepgate-keygen', '--format', 'pem'], { encoding: 'utf8' });
    assert.match(output, /-----BEGIN PRIVATE KEY-----/);
  });
});
