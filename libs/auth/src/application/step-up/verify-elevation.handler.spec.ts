// Threat: a sensitive operation that runs without a fresh second factor. An elevation must
// authorize only its own operation, user and session, only while it is young enough for the route
// asking, only once when it is one-shot; a sign-in counts only when the app opted in and it proved
// MFA recently; and a refused caller must get everything needed to step up (RFC 9470).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MfaRequiredError } from '../../domain/auth-error';
import { SensitiveOperationRequestedEvent } from '../../domain/events/sensitive-operation-requested.event';
import { ElevationStore } from '../../ports/elevation-store';
import type { OtpSender } from '../../ports/otp-sender';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { FixedClock } from '../../testing/fixed-clock';
import { type AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { GrantElevationCommand } from './grant-elevation.command';
import { type ElevationRequirement, type StepUpCaller, VerifyElevationCommand } from './verify-elevation.command';

const start = new Date('2026-03-01T09:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const noSend: OtpSender = { send: async () => undefined };

const requirementFor = (operation: string, overrides: Partial<ElevationRequirement> = {}): ElevationRequirement => ({
  operation,
  oneShot: false,
  acceptRecentAuthentication: false,
  ...overrides,
});

describe('VerifyElevationHandler', () => {
  let auth: AuthTestingModule;
  let clock: FixedClock;

  async function boot(options: Parameters<typeof createAuthTestingModule>[0] = {}) {
    clock = new FixedClock(start);
    auth = await createAuthTestingModule({ ...options, clock });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann', email: 'ann@example.com' });
    await auth.directory.create({ username: 'ben', password: 'pw-of-ben' });
  }
  afterEach(() => auth.close());

  /** A signed-in caller who signed in with a password only, just now. */
  async function signIn(username: string, overrides: Partial<StepUpCaller> = {}): Promise<StepUpCaller> {
    const { identity, tokens } = completed(await auth.commands.execute(new AuthenticateWithCredentialsCommand(username, `pw-of-${username}`)));
    return { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000), ...overrides };
  }

  const verify = (caller: StepUpCaller, requirement: ElevationRequirement, resume?: VerifyElevationCommand['resume']) =>
    auth.commands.execute(new VerifyElevationCommand(caller, requirement, resume));

  async function refusal(caller: StepUpCaller, requirement: ElevationRequirement, resume?: VerifyElevationCommand['resume']): Promise<MfaRequiredError> {
    const outcome = await verify(caller, requirement, resume).then(
      () => 'passed',
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(MfaRequiredError);
    return outcome as MfaRequiredError;
  }

  /** What a validated code leads to: the caller is refused once, then the operation it was given is granted. */
  async function elevate(caller: StepUpCaller, requirement: ElevationRequirement): Promise<string> {
    const operationId = (await refusal(caller, requirement)).members.operation_id as string;
    await auth.commands.execute(new GrantElevationCommand(operationId, caller));
    return operationId;
  }

  describe('with the default settings', () => {
    beforeEach(() => boot());

    it('refuses a caller without an elevation with MFA_REQUIRED naming the operation, its id, the methods and max_age, and the RFC 9470 header', async () => {
      const ann = await signIn('ann');
      const error = await refusal(ann, requirementFor('transfer_funds'));
      expect(error.code).toBe('MFA_REQUIRED');
      expect(error.status).toBe(403);
      expect(error.members).toEqual({ operation: 'transfer_funds', operation_id: expect.stringMatching(UUID), methods: ['email'], max_age: 300, resumable: false });
      expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer error="insufficient_user_authentication", error_description="[^"]+", max_age=300$/);
    });

    it('states the route’s own maxAge in max_age and in the header', async () => {
      const error = await refusal(await signIn('ann'), requirementFor('transfer_funds', { maxAgeSeconds: 45 }));
      expect(error.members.max_age).toBe(45);
      expect(error.headers['WWW-Authenticate']).toMatch(/, max_age=45$/);
    });

    it('stores the refused request as a pending operation of this user and session, and publishes SensitiveOperationRequestedEvent', async () => {
      const ann = await signIn('ann');
      const before = auth.events.length;
      const operationId = (await refusal(ann, requirementFor('transfer_funds'))).members.operation_id as string;
      expect(await auth.module.get(PendingOperationStore).find(operationId, clock.now())).toMatchObject({
        id: operationId,
        userId: ann.userId,
        sessionId: ann.sessionId,
        operation: 'transfer_funds',
        state: 'pending',
        requestedAt: start,
        elevationSeconds: 300,
      });
      const published = auth.events.slice(before).filter((event) => event instanceof SensitiveOperationRequestedEvent);
      expect(published).toHaveLength(1);
      expect({ ...published[0] }).toEqual({ operationId, userId: ann.userId, sessionId: ann.sessionId, operation: 'transfer_funds', requestedAt: start });
    });

    it('gives each refusal its own operation id, so one request’s proof cannot be replayed for another', async () => {
      const ann = await signIn('ann');
      const first = await refusal(ann, requirementFor('transfer_funds'));
      const second = await refusal(ann, requirementFor('transfer_funds'));
      expect(first.members.operation_id).not.toBe(second.members.operation_id);
    });

    it('lets a caller with a live elevation through, for as long as it lasts', async () => {
      const ann = await signIn('ann');
      await elevate(ann, requirementFor('transfer_funds'));
      await expect(verify(ann, requirementFor('transfer_funds'))).resolves.toBeUndefined();
      clock.advance(299);
      await expect(verify(ann, requirementFor('transfer_funds'))).resolves.toBeUndefined();
    });

    it('never lets an elevation for one operation authorize another', async () => {
      const ann = await signIn('ann');
      await elevate(ann, requirementFor('transfer_funds'));
      await refusal(ann, requirementFor('close_account'));
    });

    it('never lets one user’s elevation authorize another user', async () => {
      const ann = await signIn('ann');
      const ben = await signIn('ben');
      await elevate(ann, requirementFor('transfer_funds'));
      await refusal(ben, requirementFor('transfer_funds'));
      // Not even with ann's own session id presented as ben's.
      await refusal({ ...ben, sessionId: ann.sessionId }, requirementFor('transfer_funds'));
    });

    it('never lets an elevation of one session authorize the same user’s other session', async () => {
      const annOnLaptop = await signIn('ann');
      const annOnPhone = await signIn('ann');
      await elevate(annOnLaptop, requirementFor('transfer_funds'));
      await refusal(annOnPhone, requirementFor('transfer_funds'));
      await expect(verify(annOnLaptop, requirementFor('transfer_funds'))).resolves.toBeUndefined();
    });

    it('refuses once the elevation is older than maxAge', async () => {
      const ann = await signIn('ann');
      await elevate(ann, requirementFor('transfer_funds'));
      clock.advance(301);
      await refusal(ann, requirementFor('transfer_funds'));
    });

    it('holds an elevation granted for a long maxAge to the shorter maxAge of the route asking', async () => {
      const ann = await signIn('ann');
      await elevate(ann, requirementFor('transfer_funds', { maxAgeSeconds: 3600 }));
      clock.advance(60);
      await expect(verify(ann, requirementFor('transfer_funds', { maxAgeSeconds: 60 }))).resolves.toBeUndefined();
      clock.advance(1);
      await refusal(ann, requirementFor('transfer_funds', { maxAgeSeconds: 60 }));
      // The long-lived route still accepts it: the elevation itself is live.
      await expect(verify(ann, requirementFor('transfer_funds', { maxAgeSeconds: 3600 }))).resolves.toBeUndefined();
    });

    it('spends a one-shot elevation on exactly one of 10 parallel requests', async () => {
      const ann = await signIn('ann');
      const oneShot = requirementFor('transfer_funds', { oneShot: true });
      await elevate(ann, oneShot);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => verify(ann, oneShot)));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused).toHaveLength(9);
      for (const { reason } of refused) expect(reason).toBeInstanceOf(MfaRequiredError);
      await refusal(ann, oneShot);
    });

    describe('a recent sign-in with MFA (acceptRecentAuthentication)', () => {
      const optedIn = requirementFor('transfer_funds', { acceptRecentAuthentication: true });

      it('lets through a caller whose sign-in proved mfa within maxAge, without storing an operation', async () => {
        const ann = await signIn('ann', { amr: ['pwd', 'otp', 'mfa'] });
        clock.advance(300);
        const before = auth.events.length;
        await expect(verify(ann, optedIn)).resolves.toBeUndefined();
        expect(auth.events.slice(before).filter((event) => event instanceof SensitiveOperationRequestedEvent)).toEqual([]);
      });

      it('refuses an mfa sign-in older than maxAge', async () => {
        const ann = await signIn('ann', { amr: ['pwd', 'otp', 'mfa'] });
        clock.advance(301);
        await refusal(ann, optedIn);
      });

      it('measures the sign-in against the route’s own maxAge', async () => {
        const ann = await signIn('ann', { amr: ['pwd', 'mfa'] });
        clock.advance(31);
        await refusal(ann, { ...optedIn, maxAgeSeconds: 30 });
      });

      it('refuses a recent sign-in that did not prove mfa', async () => {
        await refusal(await signIn('ann', { amr: ['pwd'] }), optedIn);
        await refusal(await signIn('ann', { amr: ['pwd', 'otp'] }), optedIn);
      });

      // A realm-issued token: no module session stands behind it, its issuer's `exp` bounds it.
      it('lets through a recent mfa sign-in of a token another issuer signed, which no module session backs', async () => {
        const realmCaller = { userId: 'realm-user', sessionId: 'realm-sid', amr: ['mfa'], authTime: Math.floor(clock.now().getTime() / 1000), sessionChecked: false, moduleSession: false };
        await expect(verify(realmCaller, optedIn)).resolves.toBeUndefined();
        clock.advance(301);
        await refusal(realmCaller, optedIn);
      });

      it('offers no module factor to a token another issuer signed, and stores no operation for it: its elevation is the issuer’s sign-in', async () => {
        const realmCaller = { userId: 'realm-user', sessionId: 'realm-sid', amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000), sessionChecked: false, moduleSession: false };
        const before = auth.events.length;
        const refused = await refusal(realmCaller, requirementFor('transfer_funds'));
        expect(refused.members).toEqual({ operation: 'transfer_funds', methods: [], max_age: 300, resumable: false });
        expect(refused.headers['WWW-Authenticate']).toContain('insufficient_user_authentication');
        expect(auth.events.slice(before).filter((event) => event instanceof SensitiveOperationRequestedEvent)).toEqual([]);
      });

      // Threat: header injection from a command sent on the bus with a name the decorator never saw.
      it('refuses an operation name that cannot go into a header, for a token another issuer signed too', async () => {
        const realmCaller = { userId: 'realm-user', sessionId: 'realm-sid', amr: ['pwd'], authTime: 0, sessionChecked: false, moduleSession: false };
        await expect(verify(realmCaller, requirementFor('transfer"\r\nX-Evil: 1'))).rejects.toThrow(TypeError);
      });

      it('still asks the session store for a stateless module token, which a logout must stop', async () => {
        const ann = await signIn('ann', { amr: ['pwd', 'mfa'], sessionChecked: false, sessionId: 'no-such-session' });
        await expect(verify(ann, optedIn)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
      });

      it('refuses even a fresh mfa sign-in when the route did not opt in: only a step-up counts', async () => {
        await refusal(await signIn('ann', { amr: ['pwd', 'otp', 'mfa'] }), requirementFor('transfer_funds'));
      });
    });

    it('never lets a resumable request through on a live elevation: its command waits for a new second factor', async () => {
      const ann = await signIn('ann');
      await elevate(ann, requirementFor('export_report'));
      const resume = { name: 'ExportReportCommand', payload: { report: 'q3' } };
      const error = await refusal(ann, requirementFor('export_report'), resume);
      expect(error.members).toMatchObject({ operation: 'export_report', resumable: true });
      const stored = await auth.module.get(PendingOperationStore).find(error.members.operation_id as string, clock.now());
      expect(stored).toMatchObject({ state: 'pending', oneShot: true, command: resume });
      // The retry-model elevation is left for the requests it was granted for.
      expect(await auth.module.get(ElevationStore).find({ userId: ann.userId, sessionId: ann.sessionId, operation: 'export_report' }, clock.now())).toBeDefined();
    });

    it('offers only the methods the route allows', async () => {
      const error = await refusal(await signIn('ann'), requirementFor('transfer_funds', { methods: ['totp'] }));
      expect(error.members.methods).toEqual([]);
    });
  });

  it('answers 401 when the module is configured with challengeStatus 401', async () => {
    await boot({ stepUp: { challengeStatus: 401 } });
    const error = await refusal(await signIn('ann'), requirementFor('transfer_funds'));
    expect(error.status).toBe(401);
    expect(error.code).toBe('MFA_REQUIRED');
  });

  describe('methods follow what the user can use now (StepUpMethods)', () => {
    it('offers email to a user with only an email address when an email sender is configured', async () => {
      await boot({ mfa: { senders: { email: noSend } } });
      await auth.directory.create({ username: 'cat', password: 'pw-of-cat', email: 'cat@example.com', phoneNumber: '+15550100003' });
      expect((await refusal(await signIn('ann'), requirementFor('transfer_funds'))).members.methods).toEqual(['email']);
      // A phone number is not offered without an SMS sender.
      expect((await refusal(await signIn('cat'), requirementFor('transfer_funds'))).members.methods).toEqual(['email']);
    });

    it('offers nothing that cannot be delivered when no sender is configured', async () => {
      await boot({ mfa: { senders: {} } });
      expect((await refusal(await signIn('ann'), requirementFor('transfer_funds'))).members.methods).toEqual([]);
    });

    it('offers nothing to a user without an enrolled factor, an email address or a phone number', async () => {
      await boot();
      expect((await refusal(await signIn('ben'), requirementFor('transfer_funds'))).members.methods).toEqual([]);
    });

    it('offers email and sms, in that order, to a user with both when both senders are configured', async () => {
      await boot({ mfa: { senders: { email: noSend, sms: noSend } } });
      await auth.directory.create({ username: 'cat', password: 'pw-of-cat', email: 'cat@example.com', phoneNumber: '+15550100003' });
      expect((await refusal(await signIn('cat'), requirementFor('transfer_funds'))).members.methods).toEqual(['email', 'sms']);
    });
  });
});
