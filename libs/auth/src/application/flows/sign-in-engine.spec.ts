import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepCompletedEvent } from '../../domain/events/step-completed.event';
import { SessionRepository } from '../../ports/session-repository';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import { SubmitStepCommand } from './submit-step.command';
import type { FlowReference } from './flow-reference';
import { PinStep } from '../../../../../test/support/pin-step';

/** The PIN step, offered for 120 seconds. */
class ShortPinStep extends PinStep {
  override readonly ttlSeconds = 120;
}

const pinAfterPassword = ({ completedSteps }: { completedSteps: readonly string[] }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']);

describe.each(['stateful', 'stateless'] as const)('sign-in engine (%s)', (mode) => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ mode, steps: [new ShortPinStep()], flowPolicy: pinAfterPassword, maxStepAttempts: 3 });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  const submit = (step: string, input: unknown, reference?: FlowReference) => auth.commands.execute(new SubmitStepCommand(step, input, reference));
  const referenceOf = (result: PendingSignIn): FlowReference => (mode === 'stateful' ? { sessionId: result.sessionId! } : { preAuthToken: result.preAuthToken! });
  const start = async () => (await submit('username-password', { username: 'ann', password: 'pw-of-ann' })) as PendingSignIn;

  it('asks for the PIN after the password, then completes with both factors', async () => {
    const first = await start();
    expect(first).toMatchObject({ status: 'next_step', nextSteps: ['access-pin'], expiresIn: 120 });
    expect(mode === 'stateful' ? first.sessionId : first.preAuthToken).toEqual(expect.any(String));
    const done = await submit('access-pin', { pin: '123456' }, referenceOf(first));
    expect(done.status).toBe('complete');
    if (done.status !== 'complete') return;
    const session = await auth.module.get(SessionRepository).findById(done.tokens.sessionId);
    expect(session?.methods).toEqual(['pwd', 'kba']);
    expect(session?.acr).toBe('2');
    expect(session?.completedSteps).toEqual(['username-password', 'access-pin']);
    expect(auth.events.filter((event) => event instanceof StepCompletedEvent)).toHaveLength(2);
  });

  it(mode === 'stateful' ? 'keeps the pending flow as a pending session' : 'writes no session until the sign-in completes', async () => {
    const first = await start();
    const stored = mode === 'stateful' ? await auth.module.get(SessionRepository).findById(first.sessionId!) : undefined;
    expect(stored?.statusAt(auth.clock.now())).toBe(mode === 'stateful' ? 'pending' : undefined);
  });

  it('validates input against the step schema, naming the fields', async () => {
    const first = await start();
    await expect(submit('access-pin', { pin: '12' }, referenceOf(first))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'options.pin' }] });
    await expect(submit('access-pin', {}, referenceOf(first))).rejects.toMatchObject({ errors: [{ field: 'options.pin', message: 'is required' }] });
    await expect(submit('access-pin', { pin: '123456', extra: 1 }, referenceOf(first))).rejects.toMatchObject({ errors: [{ field: 'options.extra', message: 'is not allowed' }] });
  });

  it('refuses unknown steps (404), steps out of order (409) and a later step without a flow', async () => {
    await expect(submit('nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_STEP' });
    await expect(submit('access-pin', { pin: '123456' })).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    const first = await start();
    await expect(submit('username-password', { username: 'ann', password: 'pw-of-ann' }, referenceOf(first))).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
  });

  it("expires the flow after the offered step's TTL", async () => {
    const first = await start();
    auth.clock.advance(121);
    await expect(submit('access-pin', { pin: '123456' }, referenceOf(first))).rejects.toMatchObject({ code: 'FLOW_EXPIRED' });
  });

  it('completes a flow once: replaying its reference afterwards is FLOW_EXPIRED', async () => {
    const first = await start();
    await submit('access-pin', { pin: '123456' }, referenceOf(first));
    await expect(submit('access-pin', { pin: '123456' }, referenceOf(first))).rejects.toMatchObject({ code: 'FLOW_EXPIRED' });
  });

  it('lets exactly one of parallel submissions of the same stage complete the sign-in', async () => {
    const first = await start();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => submit('access-pin', { pin: '123456' }, referenceOf(first))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    // The losers either lost the race for the stage or came after the attempt cap.
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: expect.stringMatching(/^(FLOW_EXPIRED|TOO_MANY_ATTEMPTS)$/) });
  });

  it('closes a flow after too many wrong answers at a later step, even for a right one', async () => {
    const first = await start();
    for (let i = 0; i < 3; i++) await expect(submit('access-pin', { pin: '000000' }, referenceOf(first))).rejects.toMatchObject({ code: 'OTP_INVALID' });
    await expect(submit('access-pin', { pin: '123456' }, referenceOf(first))).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(submit('access-pin', { pin: '123456' }, referenceOf(first))).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });
});

describe('default flow policy', () => {
  it('completes after the password when no second factor is enrolled', async () => {
    const auth = await createAuthTestingModule();
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    await expect(auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))).resolves.toMatchObject({ status: 'complete' });
    await auth.close();
  });

  it('offers the enrolled second factors, and refuses with MFA_ENROLLMENT_REQUIRED a required group without one', async () => {
    class EnrolledPin extends ShortPinStep {
      override isEnrolled(userId: string) {
        return Promise.resolve(userId === enrolledId);
      }
    }
    let enrolledId = '';
    const auth = await createAuthTestingModule({ steps: [new EnrolledPin()], requireSecondFactorForGroups: ['admin'] });
    enrolledId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
    await auth.directory.create({ username: 'root', password: 'pw-of-root', groups: ['admin'] });
    await expect(auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }))).resolves.toMatchObject({ status: 'next_step', nextSteps: ['access-pin'] });
    await expect(auth.commands.execute(new SubmitStepCommand('username-password', { username: 'root', password: 'pw-of-root' }))).rejects.toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED' });
    await auth.close();
  });
});
