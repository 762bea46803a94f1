// Threat: guessing a second factor through step-up. A stolen session can start as many operations
// as it likes; if each brought its own set of guesses, six-digit codes would fall to patience. Wrong
// step-up codes count with the account's failed later sign-in steps (laterStepThrottle), across
// operations, so a fresh operation buys no fresh guesses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MfaRequiredError, OtpInvalidError, TooManyAttemptsError } from '../../domain/auth-error';
import { type OtpMessage, OtpSender } from '../../ports/otp-sender';
import { type AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { FixedClock } from '../../testing/fixed-clock';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { IssueStepUpChallengeCommand } from './issue-step-up-challenge.command';
import { ValidateStepUpCodeCommand } from './validate-step-up-code.command';
import { type StepUpCaller, VerifyElevationCommand } from './verify-elevation.command';

class CapturingSender extends OtpSender {
  readonly sent: OtpMessage[] = [];
  async send(message: OtpMessage): Promise<void> {
    this.sent.push(message);
  }
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('step-up codes under the later-step throttle', () => {
  let auth: AuthTestingModule;
  let sender: CapturingSender;
  let caller: StepUpCaller;

  beforeEach(async () => {
    const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
    sender = new CapturingSender();
    auth = await createAuthTestingModule({ clock, mfa: { senders: { email: sender } }, laterStepThrottle: { failuresBeforeLockout: 3, lockoutSeconds: 900, maxFailures: 9 } });
    await auth.directory.create({ username: 'erin', password: 'pw-of-erin', email: 'erin@example.com' });
    const { identity, tokens } = completed(await auth.commands.execute(new AuthenticateWithCredentialsCommand('erin', 'pw-of-erin')));
    caller = { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000) };
  });
  afterEach(() => auth.close());

  async function freshOperationWithCode(): Promise<{ operationId: string; code: string }> {
    const refusal = await auth.commands.execute(new VerifyElevationCommand(caller, { operation: 'transfer_funds', oneShot: false, acceptRecentAuthentication: false })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MfaRequiredError);
    const operationId = (refusal as MfaRequiredError).members.operation_id as string;
    await auth.commands.execute(new IssueStepUpChallengeCommand(caller, operationId, 'email'));
    return { operationId, code: sender.sent.at(-1)!.code };
  }

  const validate = (operationId: string, code: string) => auth.commands.execute(new ValidateStepUpCodeCommand(caller, operationId, 'email', code, '203.0.113.9'));

  it('locks the account’s codes after failuresBeforeLockout wrong ones spread over fresh operations, even for the right code of a new one', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { operationId, code } = await freshOperationWithCode();
      await expect(validate(operationId, wrong(code))).rejects.toBeInstanceOf(OtpInvalidError);
    }
    const { operationId, code } = await freshOperationWithCode();
    await expect(validate(operationId, code)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });
});
