// Threat: a race on a pending stateful flow. If parallel submissions of the access PIN with one
// session_id could each see the flow pending before any of them advanced it, one password would
// open several sessions; the stage must advance once, so exactly one request completes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { DemoUnderTest } from '../support/demo-app';
import { bearer, expectProblem } from '../support/problem';
import { PIN, startFlow, startPinDemo, submitPin } from '../support/sign-in-flow';

describe.each(['express', 'fastify'] as const)('ten parallel access-PIN submissions with one session_id (stateful, %s)', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo('stateful', { platform });
  });
  afterAll(() => demo?.close());

  it.each([1, 2, 3])('exactly one answers 200; the others 401 FLOW_EXPIRED or 429 (round %i)', async () => {
    const refreshTokens = async () => Number((await demo.app.get(DataSource).query('SELECT COUNT(*) AS n FROM stepgate_refresh_tokens'))[0].n);
    const next = await startFlow(demo, 'stateful', 'bob');
    const issuedBefore = await refreshTokens();
    const responses = await Promise.all(Array.from({ length: 10 }, () => submitPin(demo, next, PIN)));
    const outcomes = responses.map((response) => (response.status === 200 ? 'OK' : `${response.status} ${response.body?.code}`));
    const winners = responses.filter((response) => response.status === 200);
    expect(winners, outcomes.join(',')).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) {
      if (response.status === 429) expectProblem(response, 429, 'TOO_MANY_ATTEMPTS');
      else expectProblem(response, 401, 'FLOW_EXPIRED');
    }
    // One token pair came out of it, for the flow's session, which is now active.
    expect(await refreshTokens()).toBe(issuedBefore + 1);
    const [winner] = winners;
    expect(winner.body.session_id).toBe(next.session_id);
    const me = await demo.http.get('/auth/me').set(bearer(winner.body.access_token));
    expect(me.body).toMatchObject({ session_id: next.session_id, amr: ['pwd', 'kba', 'mfa'] });
    expectProblem(await submitPin(demo, next, PIN), 401, 'FLOW_EXPIRED');
  });
});
