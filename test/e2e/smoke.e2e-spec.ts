import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alicePermits, DemoUnderTest, signIn, startDemo } from './support/demo-app';

describe.each(['express', 'fastify'] as const)('demo app on %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  it('signs alice in and greets her on the secure route', async () => {
    const tokens = await signIn(demo, 'alice');
    expect(tokens.user).toMatchObject({ username: 'alice', permits: alicePermits() });
    const response = await demo.http.get('/demo/secure-data').set('authorization', `Bearer ${tokens.access_token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Hello, alice!' });
  });

  it('refuses the secure route without a token as problem+json', async () => {
    const response = await demo.http.get('/demo/secure-data');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await demo.http.post('/auth/login').set('content-type', 'application/json').send('{"username":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const huge = await demo.http.post('/auth/login').send({ username: 'a', password: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
