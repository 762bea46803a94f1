// Threat: an administrator disables or removes an account while its sign-in is half done. Over HTTP
// the right PIN must then get the flow's refusal, 401 FLOW_EXPIRED as problem+json, never tokens and
// never a 500 from a user the directory no longer has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserDirectory } from '@stepgate/auth';
import type { DemoUnderTest } from './support/demo-app';
import { expectProblem } from './support/problem';
import { Mode, MODES, startFlow, startPinDemo, submitPin } from './support/sign-in-flow';

describe.each(MODES)('an account gone between the password and the PIN (%s)', (mode: Mode) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo(mode);
  });
  afterAll(() => demo?.close());

  it('a user disabled after the password gets 401 FLOW_EXPIRED for the right PIN', async () => {
    const next = await startFlow(demo, mode, 'carol');
    await demo.app.get(UserDirectory).update(next.user_id, { enabled: false });
    const answer = await submitPin(demo, next);
    expectProblem(answer, 401, 'FLOW_EXPIRED');
    // The account check refused it, not a flow that was already gone.
    expect(answer.body.detail).toBe('The account is no longer available.');
    expect(answer.body).not.toHaveProperty('access_token');
  });

  it('a user removed after the password gets 401 FLOW_EXPIRED for the right PIN, not a 500', async () => {
    const next = await startFlow(demo, mode, 'bob');
    await demo.app.get(UserDirectory).remove(next.user_id);
    const answer = await submitPin(demo, next);
    expectProblem(answer, 401, 'FLOW_EXPIRED');
    expect(answer.body.detail).toBe('The account is no longer available.');
    expect(answer.body).not.toHaveProperty('access_token');
  });
});
