// Threat: failed sign-ins an audit log or an alerting rule cannot tell apart or trace. A guessing
// attack is seen only through SignInFailedEvent: each must name the step, the reason, the time, the
// client address and whom it was aimed at (the name as typed at the password step; the flow's user
// and session at a later one), and never carry the password or code that failed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../domain/auth-error';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

const CLIENT = { clientAddress: '203.0.113.40' };

describe('SignInFailedEvent', () => {
  let auth: AuthTestingModule;
  let annId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({
      steps: [new PinStep()],
      flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']),
      signInThrottle: { perAccount: { limit: 1 } },
      maxStepAttempts: 1,
    });
    annId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
  });
  afterEach(() => auth.close());

  const password = (username: string, secret: string) =>
    auth.commands.execute(new SubmitStepCommand('username-password', { username, password: secret }, undefined, CLIENT)).catch((error: AuthError) => error.code);
  const pin = (sessionId: string, code: string) => auth.commands.execute(new SubmitStepCommand('access-pin', { pin: code }, { sessionId }, CLIENT)).catch((error: AuthError) => error.code);
  const failures = () => auth.events.filter((event) => event instanceof SignInFailedEvent);

  it('a wrong password is reported as invalid_credentials with the username as typed, the step, the time and the client', async () => {
    expect(await password('ANN', 'wrong-secret')).toBe('INVALID_CREDENTIALS');
    expect(failures()).toEqual([new SignInFailedEvent('username-password', 'invalid_credentials', auth.clock.now(), { username: 'ANN', clientAddress: '203.0.113.40' })]);
    expect(JSON.stringify(failures())).not.toContain('wrong-secret');
  });

  it('an unknown user is reported exactly as a wrong password is, naming the username tried', async () => {
    expect(await password('nobody', 'wrong-secret')).toBe('INVALID_CREDENTIALS');
    expect(failures()).toEqual([new SignInFailedEvent('username-password', 'invalid_credentials', auth.clock.now(), { username: 'nobody', clientAddress: '203.0.113.40' })]);
  });

  it('a password attempt refused by the throttle is reported as throttled, apart from the failure before it', async () => {
    expect(await password('ann', 'wrong-secret')).toBe('INVALID_CREDENTIALS');
    auth.clock.advance(5);
    expect(await password('ann', 'pw-of-ann')).toBe('TOO_MANY_ATTEMPTS');
    expect(failures().map((event) => event.reason)).toEqual(['invalid_credentials', 'throttled']);
    expect(failures()[1]).toEqual(new SignInFailedEvent('username-password', 'throttled', auth.clock.now(), { username: 'ann', clientAddress: '203.0.113.40' }));
  });

  it("a wrong answer at a later step is reported as invalid_code with the flow's user and session, and no username", async () => {
    const first = (await password('ann', 'pw-of-ann')) as PendingSignIn;
    auth.clock.advance(7);
    expect(await pin(first.sessionId!, '000000')).toBe('OTP_INVALID');
    expect(failures()).toEqual([new SignInFailedEvent('access-pin', 'invalid_code', auth.clock.now(), { userId: annId, sessionId: first.sessionId, clientAddress: '203.0.113.40' })]);
    expect(JSON.stringify(failures())).not.toContain('000000');
  });

  it("an attempt past the flow's attempt cap is reported as too_many_attempts with the flow's user and session", async () => {
    const first = (await password('ann', 'pw-of-ann')) as PendingSignIn;
    expect(await pin(first.sessionId!, '000000')).toBe('OTP_INVALID');
    auth.clock.advance(3);
    expect(await pin(first.sessionId!, '123456')).toBe('TOO_MANY_ATTEMPTS');
    expect(failures()[1]).toEqual(new SignInFailedEvent('access-pin', 'too_many_attempts', auth.clock.now(), { userId: annId, sessionId: first.sessionId, clientAddress: '203.0.113.40' }));
    expect(failures()).toHaveLength(2);
  });
});

describe('SignInFailedEvent for a refusal by the later-step throttle', () => {
  let auth: AuthTestingModule;
  let annId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({
      steps: [new PinStep()],
      flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']),
      laterStepThrottle: { failuresBeforeLockout: 1, lockoutSeconds: 60 },
    });
    annId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
  });
  afterEach(() => auth.close());

  it("a later-step attempt refused by the account's lockout is reported as throttled with the flow's user and session", async () => {
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }, undefined, CLIENT))) as PendingSignIn;
    const pin = (code: string) => auth.commands.execute(new SubmitStepCommand('access-pin', { pin: code }, { sessionId: first.sessionId! }, CLIENT)).catch((error: AuthError) => error.code);
    expect(await pin('000000')).toBe('OTP_INVALID');
    expect(await pin('123456')).toBe('TOO_MANY_ATTEMPTS');
    const failures = auth.events.filter((event) => event instanceof SignInFailedEvent);
    expect(failures).toEqual([
      new SignInFailedEvent('access-pin', 'invalid_code', auth.clock.now(), { userId: annId, sessionId: first.sessionId, clientAddress: '203.0.113.40' }),
      new SignInFailedEvent('access-pin', 'throttled', auth.clock.now(), { userId: annId, sessionId: first.sessionId, clientAddress: '203.0.113.40' }),
    ]);
  });
});

describe('SignInFailedEvent and faults', () => {
  /** A second step whose backing service is down: it fails with a fault, not a refusal. */
  class UnreachablePinStep extends PinStep {
    override async verify(): Promise<never> {
      throw new Error('PIN service unreachable');
    }
  }

  it('a later step that fails with a fault (not an AuthError) publishes no SignInFailedEvent: an outage is not a guess', async () => {
    const auth = await createAuthTestingModule({
      steps: [new UnreachablePinStep()],
      flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']),
    });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }, undefined, CLIENT))) as PendingSignIn;
    await expect(auth.commands.execute(new SubmitStepCommand('access-pin', { pin: '123456' }, { sessionId: first.sessionId! }, CLIENT))).rejects.toThrow('PIN service unreachable');
    expect(auth.events.filter((event) => event instanceof SignInFailedEvent)).toEqual([]);
    await auth.close();
  });
});
