// Threat: an administrator disables or removes an account while its sign-in is half done (the
// password passed, the PIN not yet). The flow was opened for a user who may no longer sign in: the
// later step must not finish it, and must refuse with the flow's own error (401 FLOW_EXPIRED, start
// again), not fail on the missing account with a 500.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowExpiredError } from '../../domain/auth-error';
import { SignInCompletedEvent } from '../../domain/events/sign-in-completed.event';
import { SessionRepository } from '../../ports/session-repository';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import type { FlowReference } from './flow-reference';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

describe.each(['stateful', 'stateless'] as const)('an account gone between the password and a later step (%s)', (mode) => {
  let auth: AuthTestingModule;
  let annId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ mode, steps: [new PinStep()], flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']) });
    annId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
  });
  afterEach(() => auth.close());

  async function pinAfter(change: () => Promise<unknown>): Promise<unknown> {
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))) as PendingSignIn;
    const reference: FlowReference = mode === 'stateful' ? { sessionId: first.sessionId! } : { preAuthToken: first.preAuthToken! };
    await change();
    return auth.commands.execute(new SubmitStepCommand('access-pin', { pin: '123456' }, reference)).then(
      () => 'signed in',
      (error: unknown) => error,
    );
  }

  async function expectNotSignedIn(outcome: unknown): Promise<void> {
    expect(outcome).toBeInstanceOf(FlowExpiredError);
    expect(outcome).toMatchObject({ code: 'FLOW_EXPIRED', message: 'The account is no longer available.' });
    expect(auth.events.filter((event) => event instanceof SignInCompletedEvent)).toEqual([]);
    expect(await auth.module.get(SessionRepository).listActive(annId, auth.clock.now())).toEqual([]);
  }

  it('a user disabled after the password is not signed in by the right PIN: FLOW_EXPIRED', async () => {
    await expectNotSignedIn(await pinAfter(() => auth.directory.update(annId, { enabled: false })));
  });

  it('a user removed after the password is not signed in by the right PIN: FLOW_EXPIRED, not a crash', async () => {
    await expectNotSignedIn(await pinAfter(() => auth.directory.remove(annId)));
  });
});
