// Threat: password spraying in parallel from one address. If the per-client counter were read
// before the password check and counted only after it, a burst of sign-ins with distinct usernames
// would all reach the check before any was counted. And an unbounded hashing queue lets such a burst
// delay everyone else's sign-in by seconds: the server must refuse fast instead.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, DemoUnderTest, onKeycloak, startDemo } from '../support/demo-app';
import { expectProblem } from '../support/problem';

describe('per-client sign-in throttle under a parallel spray', () => {
  let demo: DemoUnderTest | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  const login = (username: string, password: string) => demo!.http.post('/auth/login').send({ username, password });

  it('30 parallel sign-ins with distinct usernames and a client limit of 5: at most 5 reach the check', async () => {
    demo = await startDemo({ signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 5 } }, passwordMaxConcurrent: 1 });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`sprayed-${i}`, 'Spring2026!')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length, statuses.join(',')).toBeLessThanOrEqual(5);
    for (const response of responses.filter((r) => r.status === 429)) expectProblem(response, 429, 'TOO_MANY_ATTEMPTS');
    if (onKeycloak()) {
      // A realm check takes longer than the whole burst takes to arrive, so the in-flight cap (4)
      // refuses the rest unchecked and uncounted: 4 failures count, or 5 when one arrives late. The
      // failures still missing to the limit are made one by one; each is checked and counted.
      const counted = statuses.filter((status) => status === 401).length;
      for (let i = counted; i < 5; i++) expectProblem(await login(`sprayed-late-${i}`, 'Spring2026!'), 401, 'INVALID_CREDENTIALS');
    }
    // The client stays refused afterwards, for any account and even with a right password.
    expectProblem(await login('alice', DEMO_PASSWORDS.alice), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('one address holds at most 4 places in the hashing queue: the rest of its burst is refused at once', async () => {
    demo = await startDemo({ passwordMaxConcurrent: 1 });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`burst-${i}`, 'Spring2026!')));
    const statuses = responses.map((response) => response.status);
    // Places free up as hashes finish, so more than 4 get checked over the burst, but never more than 4 at once.
    expect(statuses.filter((status) => status === 429).length, statuses.join(',')).toBeGreaterThanOrEqual(15);
    for (const response of responses.filter((r) => r.status === 429)) {
      expectProblem(response, 429, 'TOO_MANY_ATTEMPTS');
      expect(response.headers['retry-after']).toBe('1');
    }
  });

  it('the in-flight cap is an option: with room for the whole burst, none of it is refused for it', async () => {
    // Two hashes at once leave a queue of 32, so the hashing queue refuses none of these 20 either.
    demo = await startDemo({ passwordMaxConcurrent: 2, signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 1000 }, maxChecksInFlightPerClient: 20 } });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`burst-${i}`, 'Spring2026!')));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(401));
  });

  it('a burst from many addresses beyond the hashing queue is refused at once with 503 and Retry-After, not queued', async () => {
    demo = await startDemo({ passwordMaxConcurrent: 1 });
    const { port } = new URL(await demo.app.getUrl());
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => postLogin(Number(port), `127.0.3.${(i % 20) + 1}`, { username: `queued-${i}`, password: 'Spring2026!' })));
    const statuses = answers.map((answer) => answer.status);
    if (onKeycloak()) {
      // The realm checks the passwords: the demo hashes none, so the hashing queue (the local
      // provider's `password` options) never fills, and 3 per address stay under the in-flight cap.
      expect(statuses, statuses.join(',')).toEqual(Array(60).fill(401));
    } else {
      expect(statuses.filter((status) => status === 503).length, statuses.join(',')).toBeGreaterThan(0);
    }
    for (const answer of answers.filter((a) => a.status === 503)) expect(answer).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: '1' });
    expect(statuses.every((status) => status === 503 || status === 401), statuses.join(',')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Refusals for capacity did not count: the addresses may still sign in.
    expect((await postLogin(Number(port), '127.0.3.1', { username: 'alice', password: DEMO_PASSWORDS.alice })).status).toBe(200);
  });
});

/** POST /auth/login from a chosen loopback address: the server sees each as its own client. */
function postLogin(port: number, localAddress: string, body: object): Promise<{ status: number; code?: string; retryAfter?: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, localAddress, path: '/auth/login', method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, code: text ? JSON.parse(text).code : undefined, retryAfter: response.headers['retry-after'] as string | undefined }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}
