// Threat: forged or altered access tokens. An attacker who can mint or edit a token that the guard
// accepts becomes anyone with any permit: `alg: none`, key confusion (HS256 keyed with the public
// key), a foreign key under our kid, edited claims, or a token for another issuer, audience or time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { claimsOf, nowSeconds, otherEcKey, signEs256, signHs256, TEST_PUBLIC_JWK, TEST_PUBLIC_PEM, testKid, unsigned, withPayload } from '../support/jwt';
import { bearer, expectProblem } from '../support/problem';

describe.each(['express', 'fastify'] as const)('forged access tokens are refused (%s)', (platform) => {
  let demo: DemoUnderTest;
  let genuine: string;
  let claims: Record<string, unknown>;
  let kid: string;
  beforeAll(async () => {
    demo = await startDemo({ platform });
    genuine = (await signIn(demo, 'alice')).access_token;
    claims = claimsOf(genuine);
    kid = await testKid();
  });
  afterAll(() => demo?.close());

  const me = (token: string) => demo.http.get('/auth/me').set(bearer(token));
  const expectInvalid = async (token: string, code = 'TOKEN_INVALID') => {
    const response = await me(token);
    expectProblem(response, 401, code);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  };

  it('control: a token built the same way with the real key and claims is accepted', async () => {
    // Proves the forgeries below differ from an acceptable token only in what each one changes.
    const response = await me(await signEs256(claims));
    expect(response.status).toBe(200);
    expect(response.body.username).toBe('alice');
  });

  it('alg: none with a valid-looking payload', async () => {
    await expectInvalid(unsigned(claims, kid));
    await expectInvalid(unsigned({ ...claims, permits: ['admin'] }, kid));
  });

  it('a tampered payload (permits: ["admin"]) with the original signature, which also cannot reach /auth/users', async () => {
    const tampered = withPayload(genuine, { ...claims, permits: ['admin'] });
    await expectInvalid(tampered);
    expectProblem(await demo.http.get('/auth/users').set(bearer(tampered)), 401, 'TOKEN_INVALID');
    await expectInvalid(withPayload(genuine, { ...claims, session_mode: 'stateless', exp: nowSeconds() + 86_400 }));
  });

  it('HS256 keyed with the public key (PEM, JWK, JWKS entry) — key confusion', async () => {
    const served = (await demo.http.get('/auth/.well-known/jwks.json')).body.keys[0];
    for (const secret of [TEST_PUBLIC_PEM, JSON.stringify(TEST_PUBLIC_JWK), JSON.stringify(served)]) {
      await expectInvalid(await signHs256({ ...claims, permits: ['admin'] }, new TextEncoder().encode(secret), kid));
    }
  });

  it('a token signed by another EC key under the same kid', async () => {
    await expectInvalid(await signEs256({ ...claims, permits: ['admin'] }, { key: otherEcKey(), kid }));
  });

  it('a JWT of another type signed by the real key (RFC 9068: typ must be at+jwt)', async () => {
    await expectInvalid(await signEs256(claims, { typ: 'JWT' }));
    await expectInvalid(await signEs256(claims, { typ: 'id_token+jwt' }));
  });

  it('a token naming an unknown kid, or none', async () => {
    await expectInvalid(await signEs256(claims, { kid: 'some-other-key' }));
    await expectInvalid(await signEs256(claims, { kid: '' }));
  });

  it('an expired token, correctly signed: TOKEN_EXPIRED', async () => {
    const now = nowSeconds();
    await expectInvalid(await signEs256({ ...claims, iat: now - 3600, exp: now - 600 }), 'TOKEN_EXPIRED');
  });

  it.each([
    ['a wrong iss', { iss: 'https://evil.example' }],
    ['a wrong aud', { aud: 'another-api' }],
    ['an aud list without ours', { aud: ['another-api', 'a-third'] }],
    ['nbf in the future', { nbf: nowSeconds() + 3600 }],
    ['no sub', { sub: undefined }],
    ['no sid', { sid: undefined }],
  ])('a correctly signed token with %s', async (_label, change) => {
    await expectInvalid(await signEs256({ ...claims, ...change }));
  });

  it.each([
    ['a random string', 'garbage'],
    ['three random segments', 'abc.def.ghi'],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.e30.sig`],
    ['a JWE-shaped string', 'a.b.c.d.e'],
    ['the refresh token', 'REFRESH'],
  ])('%s as a bearer token', async (_label, token) => {
    const value = token === 'REFRESH' ? (await signIn(demo, 'bob')).refresh_token : token;
    await expectInvalid(value);
  });

  it.each([
    ['Bearer with an empty token', 'Bearer '],
    ['Bearer alone', 'Bearer'],
    ['a Basic scheme', `Basic ${Buffer.from('alice:alice-demo-password').toString('base64')}`],
    ['the token without a scheme', 'TOKEN'],
    ['a Token scheme', 'Token TOKEN'],
    ['characters outside token68', 'Bearer abc def'],
    ['an 9000-character value', `Bearer ${'a'.repeat(9000)}`],
  ])('%s is no credential at all: 401 UNAUTHENTICATED with a bare Bearer challenge', async (_label, header) => {
    const response = await demo.http.get('/auth/me').set('authorization', header.replace('TOKEN', genuine));
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('accepts the scheme in any case (RFC 6750 section 2.1)', async () => {
    expect((await demo.http.get('/auth/me').set('authorization', `bearer ${genuine}`)).status).toBe(200);
  });
});
