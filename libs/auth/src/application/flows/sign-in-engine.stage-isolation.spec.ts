// Threat: flow stages that leak into each other. Each stage of each flow advances once and counts
// its own wrong answers: a replayed pre_auth_token must be refused before its code is even checked
// (else it is a free guess, counted against the account and reported as one), a step the flow did
// not offer must be refused before it runs (else it spends the offered stage), and one flow's
// completed stage or spent attempts must never close another user's flow.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../domain/auth-error';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn, SignInResult } from '../sign-in/sign-in-result';
import type { FlowReference } from './flow-reference';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

describe('isolation of sign-in flow stages (stateless flows)', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({
      mode: 'stateless',
      steps: [new PinStep()],
      flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']),
      maxStepAttempts: 2,
    });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    await auth.directory.create({ username: 'bob', password: 'pw-of-bob' });
  });
  afterEach(() => auth.close());

  const outcome = (result: SignInResult) => (result.status === 'complete' ? `complete for ${result.identity.username}` : result.status);
  const submit = (stepKey: string, input: object, reference?: FlowReference) =>
    auth.commands.execute(new SubmitStepCommand(stepKey, input, reference)).then(outcome, (error: AuthError) => error.code);
  const start = async (username: string) => {
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username, password: `pw-of-${username}` }))) as PendingSignIn;
    return { preAuthToken: first.preAuthToken! };
  };
  const failures = () => auth.events.filter((event) => event instanceof SignInFailedEvent);

  it('a pre_auth_token replayed after its stage completed is FLOW_EXPIRED before the code is checked, and no failure is reported', async () => {
    const ann = await start('ann');
    expect(await submit('access-pin', { pin: '123456' }, ann)).toBe('complete for ann');
    expect(await submit('access-pin', { pin: '000000' }, ann)).toBe('FLOW_EXPIRED');
    expect(failures()).toEqual([]);
  });

  it('a step the flow did not offer is refused before it runs, and the offered stage stays open', async () => {
    const ann = await start('ann');
    expect(await submit('username-password', { username: 'ann', password: 'not-her-password' }, ann)).toBe('STEP_OUT_OF_ORDER');
    expect(failures()).toEqual([]);
    expect(await submit('access-pin', { pin: '123456' }, ann)).toBe('complete for ann');
  });

  it("one user's completed PIN stage does not close another user's flow at the same stage", async () => {
    const ann = await start('ann');
    const bob = await start('bob');
    expect(await submit('access-pin', { pin: '123456' }, ann)).toBe('complete for ann');
    expect(await submit('access-pin', { pin: '123456' }, bob)).toBe('complete for bob');
  });

  it("one flow's wrong answers do not use up another flow's attempts", async () => {
    const ann = await start('ann');
    const bob = await start('bob');
    expect(await submit('access-pin', { pin: '000000' }, ann)).toBe('OTP_INVALID');
    expect(await submit('access-pin', { pin: '000000' }, ann)).toBe('OTP_INVALID');
    expect(await submit('access-pin', { pin: '123456' }, ann)).toBe('TOO_MANY_ATTEMPTS');
    expect(await submit('access-pin', { pin: '123456' }, bob)).toBe('complete for bob');
  });
});
