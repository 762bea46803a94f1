// Threat: a stolen access token used to guess the account's password through /auth/password, which
// would be an unthrottled oracle if wrong current passwords did not count like failed sign-ins.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { UserDirectory } from '@stepgate/auth';
import { DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer, expectProblem } from '../support/problem';

describe('POST /auth/password counts wrong current passwords with failed sign-ins', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } } });
  });
  afterAll(() => demo?.close());

  it('after 3 failures the account is throttled: 429 for the right password, at /auth/password and /auth/login', async () => {
    const { access_token, user } = await signIn(demo, 'bob');
    // Should the throttle fail, the right password would change bob's: in the keycloak project that
    // is the shared realm's bob, so he gets his demo password back whatever happens.
    onTestFinished(async () => {
      await demo.app.get(UserDirectory).update(user.id, { password: DEMO_PASSWORDS.bob });
    });
    for (let i = 0; i < 3; i++) {
      expectProblem(await demo.http.post('/auth/password').set(bearer(access_token)).send({ current_password: `guess-${i}`, new_password: 'bob second passphrase' }), 401, 'INVALID_CREDENTIALS');
    }
    const throttled = await demo.http.post('/auth/password').set(bearer(access_token)).send({ current_password: 'bob-demo-password', new_password: 'bob second passphrase' });
    expectProblem(throttled, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectProblem(await demo.http.post('/auth/login').send({ username: 'bob', password: 'bob-demo-password' }), 429, 'TOO_MANY_ATTEMPTS');
  });
});
