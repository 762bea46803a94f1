// Threat: a correctly signed token whose claims the verifier reads loosely. Each case below is
// signed with the real key, so only the claim check stands between it and the API: a critical
// extension the server does not understand (RFC 7515 section 4.1.11), a token dated in the future
// or living far longer than the server issues, a session mode spelled so that the session check is
// skipped (a revoked session's token would keep working), and permits that are not a list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { claimsOf, nowSeconds } from '../support/jwt';
import { signRawEs256 } from '../support/jws';
import { bearer, expectProblem } from '../support/problem';

describe('access-token claims are checked strictly', () => {
  let demo: DemoUnderTest;
  let alice: Record<string, unknown>;
  let admin: Record<string, unknown>;
  beforeAll(async () => {
    demo = await startDemo();
    alice = claimsOf((await signIn(demo, 'alice')).access_token);
    admin = claimsOf((await signIn(demo, 'admin')).access_token);
  });
  afterAll(() => demo?.close());

  const me = (token: string) => demo.http.get('/auth/me').set(bearer(token));
  const expectInvalid = async (token: string) => expectProblem(await me(token), 401, 'TOKEN_INVALID');

  it('control: the same claims, re-signed the same way, are accepted', async () => {
    expect((await me(await signRawEs256(alice))).status).toBe(200);
    expect((await me(await signRawEs256(alice, { crit: undefined }))).status).toBe(200);
  });

  it('refuses an unknown critical header parameter', async () => {
    await expectInvalid(await signRawEs256(alice, { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true }));
    await expectInvalid(await signRawEs256(alice, { crit: ['exp'] }));
    await expectInvalid(await signRawEs256(alice, { crit: [] }));
  });

  it('refuses a token without exp, or with an exp that is not a number', async () => {
    await expectInvalid(await signRawEs256({ ...alice, exp: undefined }));
    await expectInvalid(await signRawEs256({ ...alice, exp: String(alice.exp) }));
  });

  it('refuses a token without iat, or issued in the future beyond the clock leeway', async () => {
    const now = nowSeconds();
    await expectInvalid(await signRawEs256({ ...alice, iat: undefined }));
    await expectInvalid(await signRawEs256({ ...alice, iat: now + 3600, exp: now + 3600 + 600 }));
    await expectInvalid(await signRawEs256({ ...alice, iat: now + 300, exp: now + 600 }));
    // A few seconds of clock difference between instances are tolerated.
    expect((await me(await signRawEs256({ ...alice, iat: now + 5, exp: now + 600 }))).status).toBe(200);
  });

  it('refuses a lifetime (exp - iat) beyond the one the server issues', async () => {
    const now = nowSeconds();
    await expectInvalid(await signRawEs256({ ...alice, iat: now, exp: now + 86_400 }));
    await expectInvalid(await signRawEs256({ ...alice, iat: now - 3000, exp: now + 600 }));
    // A stateless token gets the stateless lifetime (300 s by default), never the stateful one.
    await expectInvalid(await signRawEs256({ ...alice, session_mode: 'stateless', iat: now, exp: now + 900 }));
  });

  it('checks the session unless session_mode is exactly "stateless": a revoked session stays revoked', async () => {
    const tokens = await signIn(demo, 'carol');
    const claims = claimsOf(tokens.access_token);
    expect((await demo.http.post('/auth/logout').set(bearer(tokens.access_token))).status).toBe(204);
    for (const sessionMode of [undefined, 'STATEFUL', 'Stateless', 'stateless ', '', 1, null, ['stateless']]) {
      const response = await me(await signRawEs256({ ...claims, session_mode: sessionMode }));
      expect({ sessionMode, status: response.status }).toEqual({ sessionMode, status: 401 });
      expect(['TOKEN_INVALID', 'SESSION_REVOKED']).toContain(response.body.code);
    }
  });

  it('refuses permits that are not a list of strings, even where they would satisfy @RequireGroups', async () => {
    const users = (token: string) => demo.http.get('/auth/users').set(bearer(token));
    expect((await users(await signRawEs256(admin))).status).toBe(200);
    for (const permits of ['admin', 'not-an-admin', { 0: 'admin', length: 1 }, ['admin', 7], [['admin']], null]) {
      expectProblem(await users(await signRawEs256({ ...alice, permits })), 401, 'TOKEN_INVALID');
    }
  });

  it('refuses other claims of the wrong type (sub, sid, amr, acr, auth_time, attributes)', async () => {
    for (const change of [{ sub: 42 }, { sid: '' }, { amr: 'pwd' }, { acr: 2 }, { auth_time: 'yesterday' }, { attributes: 'research' }, { attributes: { department: 7 } }]) {
      await expectInvalid(await signRawEs256({ ...alice, ...change }));
    }
  });
});
