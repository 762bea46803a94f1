import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alicePermits, DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { testKid } from './support/jwt';

describe('access tokens and the JWKS', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo?.close());

  const jwks = async () => {
    const response = await demo.http.get('/auth/.well-known/jwks.json');
    expect(response.status).toBe(200);
    return response.body as JSONWebKeySet;
  };

  it('publishes one public EC key, without its private part, with kid, alg and use', async () => {
    const response = await demo.http.get('/auth/.well-known/jwks.json');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(response.body.keys).toHaveLength(1);
    const [key] = response.body.keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: await testKid() });
    expect(key).not.toHaveProperty('d');
  });

  it('serves the JWKS without a token', async () => {
    expect((await demo.http.get('/auth/.well-known/jwks.json').set('authorization', 'Bearer nonsense')).status).toBe(200);
  });

  it('verifies an issued access token with jose against the published keys (ES256 pinned)', async () => {
    const tokens = await signIn(demo, 'alice');
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createLocalJWKSet(await jwks()), {
      algorithms: ['ES256'],
      issuer: 'stepgate',
      audience: 'stepgate',
      typ: 'at+jwt',
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: await testKid(), typ: 'at+jwt' });
    const now = Math.floor(Date.now() / 1000);
    expect(payload).toMatchObject({
      iss: 'stepgate',
      aud: 'stepgate',
      sub: tokens.user.id,
      sid: tokens.session_id,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      permits: alicePermits(),
      acr: '1',
      amr: ['pwd'],
    });
    expect(payload.iat).toBeGreaterThanOrEqual(now - 60);
    expect(payload.iat).toBeLessThanOrEqual(now + 5);
    expect(payload.exp).toBe((payload.iat as number) + tokens.expires_in);
    expect(payload.auth_time).toBe(payload.iat);
  });

  it('gives every token its own jti', async () => {
    const [a, b] = [(await signIn(demo, 'bob')).access_token, (await signIn(demo, 'bob')).access_token];
    expect(decodeJwt(a).jti).not.toBe(decodeJwt(b).jti);
  });

  it('lists the configured steps at GET /auth/options: the built-in ones, the password step first', async () => {
    const response = await demo.http.get('/auth/options');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(response.body)).toEqual(['username-password', 'totp', 'email-otp', 'sms-otp', 'recovery-code']);
    expect(response.body['username-password']).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
      required: ['username', 'password'],
      additionalProperties: false,
    });
  });
});
