// Threat: a Retry-After that lies at the later steps (PIN, one-time codes). Too short, and a client
// that obeys it is refused again and keeps guessing; too long, and a user who mistyped waits for
// nothing. Each refusal names the seconds left of what refused it, rounded up: the lockout, the
// hard stop's window, the client's window, or the flow's own lifetime.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthModuleOptions } from '../../auth-module.options';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

const CLIENT = { clientAddress: '192.0.2.20' };

describe('Retry-After at the later steps', () => {
  let auth: AuthTestingModule;
  afterEach(() => auth.close());

  /** Boots with the PIN after the password, and opens ann's flow; `pin()` answers 'signed in', a code, or a 429's Retry-After. */
  async function startFlow(options: Partial<AuthModuleOptions>) {
    auth = await createAuthTestingModule({ steps: [new PinStep()], flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']), ...options });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }, undefined, CLIENT))) as PendingSignIn;
    return (pin: string) =>
      auth.commands.execute(new SubmitStepCommand('access-pin', { pin }, { sessionId: first.sessionId! }, CLIENT)).then(
        () => 'signed in',
        (error: { code: string; retryAfterSeconds?: number }) => error.retryAfterSeconds ?? error.code,
      );
  }

  it("past the account's failure cap, the hard stop names the seconds left of the first failure's window", async () => {
    const pin = await startFlow({ laterStepThrottle: { failuresBeforeLockout: 3, lockoutSeconds: 120, maxFailures: 6, windowSeconds: 3600 }, maxStepAttempts: 50 });
    for (let i = 0; i < 3; i++) expect(await pin('000000')).toBe('OTP_INVALID');
    expect(await pin('000000')).toBe(120);
    auth.clock.advance(30.5);
    expect(await pin('123456')).toBe(90);
    auth.clock.advance(89.5);
    for (let i = 0; i < 3; i++) expect(await pin('000000')).toBe('OTP_INVALID');
    // Six failures checked, the first at 0 s: refused until that failure's 3600 s window ends.
    expect(await pin('123456')).toBe(3600 - 120);
    auth.clock.advance(100.3);
    expect(await pin('123456')).toBe(3380);
  });

  it("later-step failures over the client's limit are refused for the seconds left of the client's window", async () => {
    const pin = await startFlow({ signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 3, windowSeconds: 600 } } });
    for (let i = 0; i < 3; i++) expect(await pin('000000')).toBe('OTP_INVALID');
    auth.clock.advance(45.25);
    // The window opened with the password at 0 s: 600 - 45.25 = 554.75 s left.
    expect(await pin('123456')).toBe(555);
  });

  it("a flow closed by its attempt cap is refused for the seconds left of the flow's lifetime", async () => {
    const pin = await startFlow({ maxStepAttempts: 3 });
    for (let i = 0; i < 3; i++) expect(await pin('000000')).toBe('OTP_INVALID');
    auth.clock.advance(20.5);
    // The PIN was offered for 300 s at 0 s: 279.5 s left.
    expect(await pin('123456')).toBe(280);
  });
});
