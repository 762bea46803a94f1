// The real server going away and coming back, not a proxy that imitates it: scripts/keycloak.sh
// stops Keycloak in the middle of this suite and starts it again on the same data (same realm,
// same keys, same users). Meanwhile sign-ins answer 503 (never a refusal, never a 500), the module's
// tokens and realm tokens whose key is held keep working, and afterwards everything recovers with
// no restart of the app.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, DEMO_PASSWORDS, signIn, startDemo } from '../e2e/support/demo-app';
import { bearer, expectProblem } from '../e2e/support/problem';
import { assertRealmAnswers, keycloakSettings, realmPasswordGrant } from '../support/keycloak-server';

const run = promisify(execFile);
const keycloakScript = (...args: string[]) => run('bash', ['scripts/keycloak.sh', ...args], { cwd: process.cwd(), timeout: 240_000, env: { ...process.env } });

describe('the demo while Keycloak itself is stopped and started again', () => {
  let demo: DemoUnderTest;
  let stopped = false;
  beforeAll(async () => {
    await assertRealmAnswers();
    demo = await startDemo({ keycloak: { ...keycloakSettings(), timeoutMs: 2000, retryAfterSeconds: 9 } });
  });
  afterAll(async () => {
    // Whatever happened above, the server is left running for the suites after this one.
    if (stopped) await keycloakScript();
    await demo?.close();
  }, 240_000);

  it('answers 503 with Retry-After while it is down, keeps the tokens it can verify working, and recovers once it is back', async () => {
    const tokens = await signIn(demo, 'alice');
    // Seen by the demo before the outage, so the realm's keys are held; the token itself is new.
    expect((await demo.http.get('/demo/secure-data').set(bearer((await realmPasswordGrant('carol', DEMO_PASSWORDS.carol)).access_token))).status).toBe(200);
    const unseenRealmToken = (await realmPasswordGrant('bob', DEMO_PASSWORDS.bob)).access_token;

    await keycloakScript('stop');
    stopped = true;
    const refused = await demo.http.post('/auth/login').send({ username: 'alice', password: DEMO_PASSWORDS.alice });
    expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBe('9');
    expect((await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token))).status).toBe(200);
    expect((await demo.http.get('/demo/secure-data').set(bearer(unseenRealmToken))).body).toEqual({ message: 'Hello, bob!' });
    expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }), 503, 'SERVICE_UNAVAILABLE');

    await keycloakScript();
    stopped = false;
    expect((await demo.http.post('/auth/login').send({ username: 'alice', password: DEMO_PASSWORDS.alice })).status).toBe(200);
    expect((await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token })).status).toBe(200);
  }, 240_000);
});
