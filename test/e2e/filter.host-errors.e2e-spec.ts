// Threat: an auth module that rewrites the errors of the app it is mounted in. A host's
// `ConflictException('That e-mail is taken')` answered as 409 "VALIDATION_FAILED / Validation failed"
// tells the host's clients something false and drops what the host chose to say; and a host route's
// unexpected error must still never reach a client with its stack or message.
import { generateKeyPairSync } from 'node:crypto';
import { BadRequestException, Controller, Get, INestApplication, ParseIntPipe, Param, Post, ConflictException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthModule, AuthValidationPipe, Public } from '@stepgate/auth';
import { expectNoLeak, expectProblem, PROBLEM_JSON } from './support/problem';

// Its own key: this spec boots the module alone, not the demo.
const SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const SECRET = 'postgres://app:s3cret-Canary@db.internal/app';
const DATE_RANGE_BODY = { code: 'DATE_RANGE_INVALID', message: 'The start date is after the end date.', fields: ['from', 'to'] };

@Controller('host')
class HostController {
  @Public()
  @Post('users')
  register(): never {
    throw new ConflictException('That e-mail is taken');
  }

  @Public()
  @Get('reports')
  report(): never {
    throw new BadRequestException(DATE_RANGE_BODY);
  }

  @Public()
  @Get('items/:id')
  item(@Param('id', ParseIntPipe) id: number) {
    return { id };
  }

  @Public()
  @Get('crash')
  crash(): never {
    throw new Error(`connect ECONNREFUSED ${SECRET}`);
  }

  @Get('private')
  secret() {
    return { ok: true };
  }
}

async function startHostApp(globalFilter: boolean | undefined, platform: 'express' | 'fastify' = 'express') {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ signingKey: { privateKey: SIGNING_KEY }, password: { memoryCost: 1024, timeCost: 1 }, ...(globalFilter === undefined ? {} : { globalFilter }) })],
    controllers: [HostController],
  }).compile();
  const app: INestApplication = platform === 'fastify' ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false }) : moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(new AuthValidationPipe());
  await app.listen(0, '127.0.0.1');
  return { app, http: request((await app.getUrl()).replace('[::1]', '127.0.0.1')) };
}

describe.each(['express', 'fastify'] as const)('the global filter (the default) on %s', (platform) => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  beforeAll(async () => ({ app, http } = await startHostApp(undefined, platform)));
  afterAll(() => app?.close());

  it("keeps a host exception's status and message, with a code named for the status", async () => {
    const response = await http.post('/host/users').send({});
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toStrictEqual({ type: 'urn:stepgate:problem:conflict', title: 'Conflict', status: 409, detail: 'That e-mail is taken', code: 'CONFLICT' });
  });

  it("keeps a host's own object body: its code, its message as detail, its other fields", async () => {
    const response = await http.get('/host/reports');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toStrictEqual({
      type: 'urn:stepgate:problem:date-range-invalid',
      title: 'Bad Request',
      status: 400,
      detail: 'The start date is after the end date.',
      code: 'DATE_RANGE_INVALID',
      fields: ['from', 'to'],
    });
  });

  it("gives a host 400 without a code of its own the module's VALIDATION_FAILED, with the host's message", async () => {
    const response = await http.get('/host/items/abc');
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.detail).toBe('Validation failed (numeric string is expected)');
  });

  it("answers a host route's unexpected error with a fixed 500 that says nothing of it", async () => {
    const response = await http.get('/host/crash');
    expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(response.body.detail).toBe('An unexpected error occurred.');
    expectNoLeak(response.text, [SECRET, 'ECONNREFUSED']);
  });

  it("still answers the module's, the router's and the body parser's errors with the stable codes", async () => {
    expectProblem(await http.get('/host/private'), 401, 'UNAUTHENTICATED');
    const unknown = await http.get('/nothing/here');
    expectProblem(unknown, 404, 'NOT_FOUND');
    expect(unknown.body.detail).toBe('No such resource.');
    const malformed = await http.post('/auth/login').set('content-type', 'application/json').send(`{"username":"ann","password":"${SECRET}"`);
    expectProblem(malformed, 400, 'VALIDATION_FAILED');
    expectNoLeak(malformed.text, [SECRET]);
    expectProblem(await http.post('/auth/login').send({ username: 'ann', password: 'x'.repeat(1_500_000) }), 413, 'PAYLOAD_TOO_LARGE');
    const invalid = await http.post('/auth/login').send({ username: 'ann', password: 'pw', extra: 1 });
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.errors).toEqual([{ field: 'extra', message: expect.any(String) }]);
  });
});

describe('globalFilter: false', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  beforeAll(async () => ({ app, http } = await startHostApp(false)));
  afterAll(() => app?.close());

  it("leaves host exceptions to Nest's own answer", async () => {
    const conflict = await http.post('/host/users').send({});
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toMatch(/^application\/json/);
    expect(conflict.body).toStrictEqual({ statusCode: 409, message: 'That e-mail is taken', error: 'Conflict' });
    const report = await http.get('/host/reports');
    expect(report.status).toBe(400);
    expect(report.body).toStrictEqual(DATE_RANGE_BODY);
    const unknown = await http.get('/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
  });

  it("answers a host route's unexpected error with Nest's fixed 500", async () => {
    const response = await http.get('/host/crash');
    expect(response.status).toBe(500);
    expect(response.body).toStrictEqual({ statusCode: 500, message: 'Internal server error' });
    expectNoLeak(response.text, [SECRET, 'ECONNREFUSED']);
  });

  it("still answers the module's own errors as problem+json, on its routes and from its guard on the host's", async () => {
    expectProblem(await http.get('/host/private'), 401, 'UNAUTHENTICATED');
    const invalid = await http.post('/auth/login').send({ username: 'ann', password: 'pw', extra: 1 });
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expectProblem(await http.post('/auth/login').send({ username: 'nobody', password: 'wrong-password' }), 401, 'INVALID_CREDENTIALS');
  });
});
