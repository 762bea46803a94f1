// OtpRequiredEvent is what an app listens to when it wants to push a code (or a prompt) the moment
// a sign-in needs one, and what an audit trail records: it must come exactly when a one-time-code
// step is offered, naming the flow, the user and the steps, and never for a flow that needs none.
import { afterEach, describe, expect, it } from 'vitest';
import { OtpRequiredEvent } from '../../domain/events/otp-required.event';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

describe('OtpRequiredEvent', () => {
  let auth: AuthTestingModule | undefined;
  afterEach(() => auth?.close());

  async function signInOffering(next: string[]) {
    auth = await createAuthTestingModule({
      steps: [new PinStep()],
      flowPolicy: ({ completedSteps }) => (completedSteps.length > 1 ? [] : next),
    });
    const { userId } = await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    const pending = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))) as PendingSignIn;
    return { userId, pending, events: auth.events.filter((event) => event instanceof OtpRequiredEvent) };
  }

  it('is published once when the next steps include a one-time-code step, naming the flow, the user and the steps', async () => {
    const { userId, pending, events } = await signInOffering(['access-pin', 'totp']);
    expect(pending.status).toBe('next_step');
    expect(events).toEqual([new OtpRequiredEvent(pending.sessionId!, userId, ['access-pin', 'totp'], auth!.clock.now())]);
  });

  it('is not published when no offered step takes a one-time code', async () => {
    const { pending, events } = await signInOffering(['access-pin']);
    expect(pending.status).toBe('next_step');
    expect(events).toEqual([]);
  });
});
