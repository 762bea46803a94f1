// Threat: a flow that outlives the step meant to bound it. When a policy offers a choice of steps
// (a 45 s push approval or a 10-minute e-mailed code), the flow and its reference must last only as
// long as the shortest of them, or the long step keeps alive a flow the short one was to close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignInStep, StepContext, StepResult } from '../../ports/sign-in-step';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import type { FlowReference } from './flow-reference';
import { SubmitStepCommand } from './submit-step.command';

/** A step that passes for any code, offered for `ttlSeconds`. */
class CodeStep extends SignInStep<{ code: string }> {
  readonly name = 'Code';
  readonly schema = { type: 'object', properties: { code: { type: 'string' } }, required: ['code'], additionalProperties: false } as const;
  constructor(
    readonly key: string,
    override readonly ttlSeconds: number,
  ) {
    super();
  }
  async verify(_input: { code: string }, { userId }: StepContext): Promise<StepResult> {
    return { userId: userId!, method: 'otp' };
  }
}

describe.each(['stateful', 'stateless'] as const)('a flow offering steps with different lifetimes (%s)', (mode) => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    // The longest first, so neither the first nor the last offered step happens to be the shortest.
    const steps = [new CodeStep('mailed-code', 600), new CodeStep('push-approval', 45), new CodeStep('sms-code', 300)];
    auth = await createAuthTestingModule({ mode, steps, flowPolicy: ({ completedSteps }) => (completedSteps.length > 1 ? [] : ['mailed-code', 'push-approval', 'sms-code']) });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  async function start(): Promise<{ first: PendingSignIn; reference: FlowReference }> {
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))) as PendingSignIn;
    return { first, reference: mode === 'stateful' ? { sessionId: first.sessionId! } : { preAuthToken: first.preAuthToken! } };
  }
  const submit = (key: string, reference: FlowReference) => auth.commands.execute(new SubmitStepCommand(key, { code: '1' }, reference)).then((result) => result.status, (error: { code: string }) => error.code);

  it('a longer-lived offered step does not stretch expires_in past the shortest offered lifetime', async () => {
    const { first } = await start();
    expect(first).toMatchObject({ status: 'next_step', nextSteps: ['mailed-code', 'push-approval', 'sms-code'], expiresIn: 45 });
  });

  it('a longer-lived offered step does not keep the flow alive past the shortest offered lifetime', async () => {
    const { reference } = await start();
    auth.clock.advance(46);
    expect(await submit('mailed-code', reference)).toBe('FLOW_EXPIRED');
  });

  it('the flow is not cut short: an offered step is still accepted just inside the shortest lifetime', async () => {
    const { reference } = await start();
    auth.clock.advance(44);
    expect(await submit('mailed-code', reference)).toBe('complete');
  });
});
