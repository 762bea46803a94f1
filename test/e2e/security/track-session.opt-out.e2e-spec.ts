// Threat: a client that opts out of the session check. On a stateful deployment the session store
// is what makes logout, revocation and removing a user take effect at once; `track_session: false`
// let any client skip it and take a 900 s token that survived all three (a removed admin kept
// calling admin routes). A stateful deployment refuses the opt-out unless `allowStatelessSignIns`
// says otherwise, and a stateless token always gets the stateless lifetime (300 s by default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { claimsOf } from '../support/jwt';
import { expectFieldError } from '../support/problem';

const lifetimeOf = (token: string) => {
  const { exp, iat } = claimsOf(token);
  return exp! - iat!;
};

describe('track_session: false on a stateful deployment', () => {
  describe('by default', () => {
    let demo: DemoUnderTest;
    beforeAll(async () => {
      demo = await startDemo({ allowStatelessSignIns: false });
    });
    afterAll(() => demo?.close());

    it('POST /auth/login is refused with 400 VALIDATION_FAILED naming track_session', async () => {
      const response = await demo.http.post('/auth/login').send({ username: 'admin', password: DEMO_PASSWORDS.admin, track_session: false });
      expectFieldError(response, 'track_session');
      expect(response.body.access_token).toBeUndefined();
    });

    it('POST /auth/validate/:step is refused the same way', async () => {
      const response = await demo.http.post('/auth/validate/username-password').send({ options: { username: 'admin', password: DEMO_PASSWORDS.admin }, track_session: false });
      expectFieldError(response, 'track_session');
    });

    it('track_session: true, or none, still signs in with the stateful lifetime', async () => {
      for (const extra of [{ track_session: true }, {}]) {
        const tokens = await signIn(demo, 'alice', extra);
        expect(tokens.expires_in).toBe(900);
        expect(claimsOf(tokens.access_token).session_mode).toBe('stateful');
      }
    });
  });

  describe('with allowStatelessSignIns', () => {
    let demo: DemoUnderTest;
    beforeAll(async () => {
      demo = await startDemo({ allowStatelessSignIns: true });
    });
    afterAll(() => demo?.close());

    it('the stateless token gets the stateless lifetime (300 s), not the stateful one, and keeps it on refresh', async () => {
      const tokens = await signIn(demo, 'alice', { track_session: false });
      expect(claimsOf(tokens.access_token).session_mode).toBe('stateless');
      expect(tokens.expires_in).toBe(300);
      expect(lifetimeOf(tokens.access_token)).toBe(300);
      const refreshed = await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token });
      expect(refreshed.body.expires_in).toBe(300);
      expect(lifetimeOf(refreshed.body.access_token)).toBe(300);
    });
  });
});

describe('a stateless deployment', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ mode: 'stateless', allowStatelessSignIns: false });
  });
  afterAll(() => demo?.close());

  it('issues stateless tokens with the stateless lifetime, and track_session: true asks for the session check', async () => {
    const stateless = await signIn(demo, 'alice', { track_session: false });
    expect(stateless.expires_in).toBe(300);
    expect(lifetimeOf(stateless.access_token)).toBe(300);
    const stateful = await signIn(demo, 'alice', { track_session: true });
    expect(claimsOf(stateful.access_token).session_mode).toBe('stateful');
  });
});
