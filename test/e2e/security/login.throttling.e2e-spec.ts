// Threat: online password guessing. Without limits an attacker tries passwords against one account
// (brute force), or a few common passwords across many accounts from one client (spraying), and
// firing guesses in parallel must not slip past the limit while the password hashes run.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, DemoUnderTest, startDemo } from '../support/demo-app';
import { expectProblem } from '../support/problem';

describe('failed sign-ins are throttled', () => {
  let demo: DemoUnderTest | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  const login = (username: string, password: string) => demo!.http.post('/auth/login').send({ username, password });

  function expectThrottled(response: Awaited<ReturnType<typeof login>>): void {
    expectProblem(response, 429, 'TOO_MANY_ATTEMPTS');
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    const seconds = Number(response.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(900);
    expect(response.text).not.toContain('access_token');
  }

  it('per account: after 3 failures the 4th attempt is refused, even with the right password', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } } });
    for (let i = 0; i < 3; i++) expectProblem(await login('alice', `guess-${i}`), 401, 'INVALID_CREDENTIALS');
    expectThrottled(await login('alice', DEMO_PASSWORDS.alice));
    expectThrottled(await login('ALICE', 'guess-again'));
    // Another account is not locked by alice's attacker.
    expect((await login('bob', DEMO_PASSWORDS.bob)).status).toBe(200);
  });

  it('per account: a success before the limit clears the count', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } } });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expectProblem(await login('bob', `guess-${i}`), 401, 'INVALID_CREDENTIALS');
      expect((await login('bob', DEMO_PASSWORDS.bob)).status).toBe(200);
    }
  });

  it('per client: after 3 failures across many usernames this client is refused, for any account', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 3 } } });
    for (const username of ['alice', 'bob', 'nobody']) expectProblem(await login(username, 'Spring2026!'), 401, 'INVALID_CREDENTIALS');
    expectThrottled(await login('admin', 'Spring2026!'));
    expectThrottled(await login('admin', DEMO_PASSWORDS.admin));
    expectThrottled(await login('someone-new', 'x'));
  });

  it('per client: successful sign-ins do not count against the client', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 3 } } });
    for (let i = 0; i < 6; i++) expect((await login(i % 2 ? 'alice' : 'bob', i % 2 ? DEMO_PASSWORDS.alice : DEMO_PASSWORDS.bob)).status).toBe(200);
  });

  it('ten parallel guesses with a limit of 3: at most 3 reach the password check, the rest get 429', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } } });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => login('alice', `parallel-${i}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    responses.filter((response) => response.status === 429).forEach(expectThrottled);
  });
});
