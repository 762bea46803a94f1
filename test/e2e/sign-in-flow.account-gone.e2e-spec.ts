// Threat: an administrator disables or removes an account while its sign-in is half done. Over HTTP
// the right PIN must then get the flow's refusal, 401 FLOW_EXPIRED as problem+json, never tokens and
// never a 500 from a user the directory no longer has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserDirectory } from '@stepgate/auth';
import { uniqueTag } from '@stepgate/auth/testing';
import { DEMO_PASSWORDS, type DemoUnderTest, onKeycloak } from './support/demo-app';
import { expectProblem } from './support/problem';
import { expectNextStep, Mode, MODES, startFlow, startPinDemo, submitPin } from './support/sign-in-flow';
import { removeTaggedUsers } from './support/tagged-users';

describe.each(MODES)('an account gone between the password and the PIN (%s)', (mode: Mode) => {
  let demo: DemoUnderTest;
  const tag = uniqueTag();
  beforeAll(async () => {
    demo = await startPinDemo(mode);
  });
  afterAll(async () => {
    await removeTaggedUsers(demo, tag);
    await demo?.close();
  });

  /**
   * The password step of `username`'s sign-in. The realm is shared with other suites and keeps a
   * disabled or removed user so: there the account is one made for this test in the demo user's
   * likeness, never the realm's own.
   */
  async function flowOf(username: 'bob' | 'carol') {
    if (!onKeycloak()) return startFlow(demo, mode, username);
    const standIn = { username: `${username}-${tag}`, password: DEMO_PASSWORDS[username] };
    await demo.app.get(UserDirectory).create({ ...standIn, groups: ['staff'] });
    return expectNextStep(await demo.http.post('/auth/validate/username-password').send({ options: standIn }), mode);
  }

  it('a user disabled after the password gets 401 FLOW_EXPIRED for the right PIN', async () => {
    const next = await flowOf('carol');
    await demo.app.get(UserDirectory).update(next.user_id, { enabled: false });
    const answer = await submitPin(demo, next);
    expectProblem(answer, 401, 'FLOW_EXPIRED');
    // The account check refused it, not a flow that was already gone.
    expect(answer.body.detail).toBe('The account is no longer available.');
    expect(answer.body).not.toHaveProperty('access_token');
  });

  it('a user removed after the password gets 401 FLOW_EXPIRED for the right PIN, not a 500', async () => {
    const next = await flowOf('bob');
    await demo.app.get(UserDirectory).remove(next.user_id);
    const answer = await submitPin(demo, next);
    expectProblem(answer, 401, 'FLOW_EXPIRED');
    expect(answer.body.detail).toBe('The account is no longer available.');
    expect(answer.body).not.toHaveProperty('access_token');
  });
});
