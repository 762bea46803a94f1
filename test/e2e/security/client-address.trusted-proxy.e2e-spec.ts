// Threat: the client address taken from the wrong place. Trusting X-Forwarded-For from anyone lets
// a client pick its own address (and so its own per-client throttle bucket, or another's); trusting
// only the socket behind a load balancer gives every client the balancer's address, so 50 failures
// lock everyone out. Default: the socket; the app names its proxies by hop count or address.
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthModule, type AuthModuleOptions, AuthValidationPipe, UserDirectory } from '@stepgate/auth';
import { TEST_SIGNING_KEY } from '../support/demo-app';
import { bearer, expectProblem } from '../support/problem';

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(platform: 'express' | 'fastify', options: Partial<AuthModuleOptions> = {}) {
  const module = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, password: { memoryCost: 1024, timeCost: 1 }, ...options })],
  }).compile();
  app = platform === 'fastify' ? module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false }) : module.createNestApplication({ logger: false });
  app.useGlobalPipes(new AuthValidationPipe());
  await app.init();
  if (platform === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  const users = app.get(UserDirectory);
  for (const username of ['ann', 'ben']) await users.create({ username, password: `pw-of-${username}`, groups: [] });
  const http = request(app.getHttpServer());
  const signIn = (username: string, forwardedFor?: string, password = `pw-of-${username}`) => {
    const call = http.post('/auth/login').send({ username, password });
    return forwardedFor === undefined ? call : call.set('x-forwarded-for', forwardedFor);
  };
  /** The address the module recorded for a sign-in, as GET /auth/sessions shows it. */
  const addressOf = async (forwardedFor?: string) => {
    const done = await signIn('ann', forwardedFor);
    expect(done.status, done.text).toBe(200);
    const sessions = await http.get('/auth/sessions').set(bearer(done.body.access_token));
    return sessions.body.items.find((session: { current: boolean }) => session.current).ip as string;
  };
  return { signIn, addressOf };
}

const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

describe.each(['express', 'fastify'] as const)('the client address (%s)', (platform) => {
  it('is the socket address by default: X-Forwarded-For is ignored', async () => {
    const { addressOf } = await start(platform);
    expect(await addressOf('203.0.113.7')).toMatch(LOOPBACK);
  });

  it('with trustedProxies: 1, is the rightmost forwarded entry: a spoofed leftmost one cannot choose it', async () => {
    const { addressOf } = await start(platform, { trustedProxies: 1 });
    expect(await addressOf('203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf('6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf()).toMatch(LOOPBACK);
  });

  it('with two hops, is the second entry from the right', async () => {
    const { addressOf } = await start(platform, { trustedProxies: 2 });
    expect(await addressOf('6.6.6.6, 198.51.100.4, 10.0.0.2')).toBe('198.51.100.4');
  });

  it('with an address list, is the rightmost entry not in it, and the socket when the socket is not a listed proxy', async () => {
    const listed = await start(platform, { trustedProxies: ['127.0.0.1', '::1', '10.0.0.0/8'] });
    expect(await listed.addressOf('6.6.6.6, 198.51.100.4, 10.1.2.3')).toBe('198.51.100.4');
    await app!.close();
    const other = await start(platform, { trustedProxies: ['192.0.2.1'] });
    expect(await other.addressOf('198.51.100.4')).toMatch(LOOPBACK);
  });

  it('keeps one forwarded client from throttling another behind the same proxy', async () => {
    const { signIn } = await start(platform, { trustedProxies: 1, signInThrottle: { perClient: { limit: 3 } } });
    for (let i = 0; i < 3; i += 1) expectProblem(await signIn('ben', '198.51.100.9', 'wrong-password'), 401, 'INVALID_CREDENTIALS');
    expectProblem(await signIn('ben', '198.51.100.9', 'wrong-password'), 429, 'TOO_MANY_ATTEMPTS');
    expect((await signIn('ann', '203.0.113.7')).status).toBe(200);
  });
});

describe('trustedProxies at start-up', () => {
  it.each([[-1], [1.5], [['not-an-address']], [['10.0.0.0/33']]])('refuses %j', async (trustedProxies) => {
    await expect(start('express', { trustedProxies: trustedProxies as AuthModuleOptions['trustedProxies'] })).rejects.toThrow(/trustedProxies/);
  });
});
