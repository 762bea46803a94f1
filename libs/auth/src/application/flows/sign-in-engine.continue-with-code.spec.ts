// Threat: a one-time code that skips its check. `POST /auth/code` sends a code without a step key;
// the engine must pick the offered code step, hand it exactly the code sent, and settle the flow by
// that step's answer: a right code completes the sign-in, a wrong one is refused and completes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../domain/auth-error';
import { SignInStep, StepContext, StepResult } from '../../ports/sign-in-step';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn, SignInResult } from '../sign-in/sign-in-result';
import { ContinueWithCodeCommand } from './continue-with-code.command';
import { SubmitStepCommand } from './submit-step.command';

/** A code step that accepts 424242 and remembers the codes it was given. */
class EmailCodeStep extends SignInStep<{ code: string }> {
  readonly key = 'email-otp';
  readonly name = 'Code sent by email';
  readonly schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['code'], additionalProperties: false } as const;
  readonly seen: string[] = [];
  async verify({ code }: { code: string }, { userId }: StepContext): Promise<StepResult> {
    this.seen.push(code);
    if (code !== '424242') throw new AuthError('OTP_INVALID', 'Wrong code.');
    return { userId: userId!, method: 'otp' };
  }
}

describe('continuing a flow with a one-time code', () => {
  let auth: AuthTestingModule;
  let step: EmailCodeStep;
  let first: PendingSignIn;
  beforeEach(async () => {
    step = new EmailCodeStep();
    auth = await createAuthTestingModule({ steps: [step], flowPolicy: ({ completedSteps }) => (completedSteps.includes('email-otp') ? [] : ['email-otp']) });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))) as PendingSignIn;
  });
  afterEach(() => auth.close());

  const sendCode = (code: string) =>
    auth.commands.execute(new ContinueWithCodeCommand({ sessionId: first.sessionId! }, code)).then(
      (result: SignInResult) => (result.status === 'complete' ? `complete for ${result.identity.username}` : result.status),
      (error: AuthError) => error.code,
    );

  it('a wrong code is checked by the offered code step and refused; the right one then completes the sign-in', async () => {
    expect(await sendCode('111111')).toBe('OTP_INVALID');
    expect(await sendCode('424242')).toBe('complete for ann');
    expect(step.seen).toEqual(['111111', '424242']);
  });
});
