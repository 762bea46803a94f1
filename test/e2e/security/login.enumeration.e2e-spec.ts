// Threat: user enumeration. If "no such user" and "wrong password" differ in status, body or timing,
// an attacker learns which usernames exist and can focus password guessing (or phishing) on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, startDemo } from '../support/demo-app';
import { expectProblem } from '../support/problem';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
};

describe.each(['express', 'fastify'] as const)('sign-in does not reveal which usernames exist (%s)', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  const attempt = async (username: string) => {
    const started = process.hrtime.bigint();
    const response = await demo.http.post('/auth/login').send({ username, password: 'not-the-password' });
    return { response, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };

  it('answers an unknown user and a wrong password identically: status, headers that matter, whole body', async () => {
    const unknown = (await attempt('nobody-by-this-name')).response;
    const wrong = (await attempt('alice')).response;
    expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expect(unknown.body).toStrictEqual(wrong.body);
    expect(unknown.status).toBe(wrong.status);
    for (const header of ['content-type', 'www-authenticate', 'retry-after', 'cache-control']) {
      expect(unknown.headers[header]).toBe(wrong.headers[header]);
    }
  });

  it('takes a similar time for both (median of alternating attempts within 0.5–2×)', async () => {
    // Warm-up: the first unknown-user attempt also builds the dummy hash it verifies against.
    await attempt('warm-up-user');
    await attempt('bob');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 8; i++) {
      unknown.push((await attempt(`ghost-${i}`)).ms);
      wrong.push((await attempt('bob')).ms);
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms vs wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2.0);
  });
});
