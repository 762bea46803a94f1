import { Controller, Get, INestApplication, Injectable, UseGuards } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuthenticationGuard, AuthModule, CurrentIdentity, getAccessToken, getIdentity, Identity, memoryPersistence, Public, UserDirectory } from '@stepgate/auth';
import request from 'supertest';
import { Agent, get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_KEY } from './support/demo-app';
import { bearer, expectProblem } from './support/problem';

/** A service deep in the call chain: it has no request object, only the ambient context. */
@Injectable()
class WhoAmI {
  async describe() {
    await new Promise((resolve) => setTimeout(resolve, 5)); // across an await and a timer, as real I/O would be
    return { identity: getIdentity() ?? null, token: getAccessToken() ?? null };
  }
}

@Controller('ctx')
class ContextController {
  constructor(private readonly whoAmI: WhoAmI) {}

  @Get('service')
  service() {
    return this.whoAmI.describe();
  }

  @Get('decorator')
  decorator(@CurrentIdentity() identity: Identity) {
    return { username: identity.username, groups: identity.groups };
  }

  @Public()
  @Get('public')
  async open(@CurrentIdentity() identity: Identity | undefined) {
    return { fromDecorator: identity ?? null, ...(await this.whoAmI.describe()) };
  }
}

// A function, so each app gets its own in-memory users.
const contextApp = () => ({
  imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, persistence: memoryPersistence(), requestContext: true })],
  controllers: [ContextController],
  providers: [WhoAmI],
});

describe.each(['express', 'fastify'] as const)('request context on %s', (platform) => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule(contextApp()).compile();
    app = platform === 'fastify' ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false }) : moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    http = request((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    const directory = app.get(UserDirectory);
    for (const [username, groups] of [['dora', ['ops']], ['eve', ['staff', 'audit']]] as const) {
      await directory.create({ username, password: `${username}-password`, groups: [...groups] });
      const login = await http.post('/auth/login').send({ username, password: `${username}-password` });
      expect(login.status).toBe(200);
      tokens[username] = login.body.access_token;
    }
  });
  afterAll(() => app?.close());

  it('getIdentity() and getAccessToken() work in a service the controller calls', async () => {
    const response = await http.get('/ctx/service').set(bearer(tokens.dora));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      identity: expect.objectContaining({ username: 'dora', groups: ['ops'], userId: expect.any(String) }),
      token: tokens.dora,
    });
  });

  it('keeps concurrent callers apart', async () => {
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'dora' : 'eve'));
    const responses = await Promise.all(calls.map((user) => http.get('/ctx/service').set(bearer(tokens[user]))));
    responses.forEach((response, i) => {
      expect(response.body.identity.username).toBe(calls[i]);
      expect(response.body.token).toBe(tokens[calls[i]]);
    });
  });

  it('@CurrentIdentity() injects the caller', async () => {
    const response = await http.get('/ctx/decorator').set(bearer(tokens.eve));
    expect(response.body).toEqual({ username: 'eve', groups: ['staff', 'audit'] });
  });

  it('gives undefined on a @Public() route', async () => {
    const response = await http.get('/ctx/public');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ fromDecorator: null, identity: null, token: null });
  });

  it('does not carry a caller over to the next request on the same keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = keepAliveGetter(agent, (await app.getUrl()).replace('[::1]', '127.0.0.1'));
    try {
      const first = await get('/ctx/service', tokens.dora);
      expect(JSON.parse(first.body).identity.username).toBe('dora');
      const second = await get('/ctx/public');
      expect(second.socket).toBe(first.socket);
      expect(JSON.parse(second.body)).toEqual({ fromDecorator: null, identity: null, token: null });
    } finally {
      agent.destroy();
    }
  });

  it('guards the other routes of the app by default', async () => {
    expectProblem(await http.get('/ctx/service'), 401, 'UNAUTHENTICATED');
  });

  it('is empty again outside any request', () => {
    expect(getIdentity()).toBeUndefined();
    expect(getAccessToken()).toBeUndefined();
  });
});

function keepAliveGetter(agent: Agent, base: string) {
  return (path: string, token?: string) =>
    new Promise<{ body: string; socket: unknown }>((resolve, reject) => {
      const req = httpGet(`${base}${path}`, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ body, socket: req.socket }));
      });
      req.on('error', reject);
    });
}

@Controller('ctx')
@UseGuards(AuthenticationGuard)
class GuardedByHandController {
  constructor(private readonly whoAmI: WhoAmI) {}

  @Get('service')
  service() {
    return this.whoAmI.describe();
  }
}

@Controller('open')
class UnguardedController {
  constructor(private readonly whoAmI: WhoAmI) {}

  @Get()
  open() {
    return this.whoAmI.describe();
  }
}

describe('request context with globalGuards: false', () => {
  it('leaves getIdentity() empty on a route no guard protects, after a guarded request on the same connection', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, persistence: memoryPersistence(), globalGuards: false, requestContext: true })],
      controllers: [GuardedByHandController, UnguardedController],
      providers: [WhoAmI],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      await app.get(UserDirectory).create({ username: 'fay', password: 'fay-password' });
      const token = (await request(base).post('/auth/login').send({ username: 'fay', password: 'fay-password' })).body.access_token;
      const get = keepAliveGetter(agent, base);
      const guarded = await get('/ctx/service', token);
      expect(JSON.parse(guarded.body).identity.username).toBe('fay');
      const open = await get('/open');
      expect(open.socket).toBe(guarded.socket);
      expect(JSON.parse(open.body)).toEqual({ identity: null, token: null });
    } finally {
      agent.destroy();
      await app.close();
    }
  });
});
