// Threat: one proven second factor buying more than one grant (parallel validations each storing an
// elevation and each resuming the command), or a grant made for someone else's operation: another
// user, another session of the same user, a revoked session, or an operation that has expired.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MfaRequiredError, NotFoundError, SessionRevokedError } from '../../domain/auth-error';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { FixedClock } from '../../testing/fixed-clock';
import { type AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { RevokeSessionCommand } from '../sessions/revoke-session.command';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { GrantElevationCommand } from './grant-elevation.command';
import { type StepUpCaller, VerifyElevationCommand } from './verify-elevation.command';

const start = new Date('2026-03-01T09:00:00Z');
const transferFunds = { operation: 'transfer_funds', oneShot: false, acceptRecentAuthentication: false } as const;

describe('GrantElevationHandler', () => {
  let auth: AuthTestingModule;
  let clock: FixedClock;
  beforeEach(async () => {
    clock = new FixedClock(start);
    auth = await createAuthTestingModule({ clock });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    await auth.directory.create({ username: 'ben', password: 'pw-of-ben' });
  });
  afterEach(() => auth.close());

  async function signIn(username: string): Promise<StepUpCaller> {
    const { identity, tokens } = completed(await auth.commands.execute(new AuthenticateWithCredentialsCommand(username, `pw-of-${username}`)));
    return { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000) };
  }

  async function pendingOperation(caller: StepUpCaller, requirement: VerifyElevationCommand['requirement'] = transferFunds): Promise<string> {
    const refusal = await auth.commands.execute(new VerifyElevationCommand(caller, requirement)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(MfaRequiredError);
    return (refusal as MfaRequiredError).members.operation_id as string;
  }

  const grant = (operationId: string, caller: StepUpCaller) => auth.commands.execute(new GrantElevationCommand(operationId, caller));
  const grantsPublished = () => auth.events.filter((event): event is ElevationGrantedEvent => event instanceof ElevationGrantedEvent);
  const stateOf = async (operationId: string) => (await auth.module.get(PendingOperationStore).find(operationId, clock.now()))?.state;
  const elevationOf = (caller: StepUpCaller, operation = 'transfer_funds') => auth.module.get(ElevationStore).find({ userId: caller.userId, sessionId: caller.sessionId, operation }, clock.now());

  it('grants once under 10 parallel grants: one ElevationGrantedEvent, and every caller is told the same grant', async () => {
    const ann = await signIn('ann');
    const operationId = await pendingOperation(ann);
    const answers = await Promise.all(Array.from({ length: 10 }, () => grant(operationId, ann)));
    expect(grantsPublished()).toHaveLength(1);
    expect(grantsPublished()[0]).toMatchObject({ operationId, userId: ann.userId, sessionId: ann.sessionId, operation: 'transfer_funds', resumable: false });
    for (const answer of answers) expect(answer).toEqual({ operation: 'transfer_funds', state: 'granted', resumable: false, expiresIn: 300 });
    expect(await stateOf(operationId)).toBe('granted');
    expect(await elevationOf(ann)).toMatchObject({ operationId, grantedAt: start, expiresAt: new Date(start.getTime() + 300_000), oneShot: false });
  });

  it('takes the elevation back when the session is revoked between its check and the grant (a logout racing the validation)', async () => {
    const ann = await signIn('ann');
    const operationId = await pendingOperation(ann);
    const elevations = auth.module.get(ElevationStore);
    const storeGrant = elevations.grant.bind(elevations);
    elevations.grant = async (elevation, now) => {
      await auth.commands.execute(new RevokeSessionCommand(ann.userId, ann.sessionId));
      return storeGrant(elevation, now);
    };
    await expect(grant(operationId, ann)).rejects.toBeInstanceOf(SessionRevokedError);
    expect(await elevationOf(ann)).toBeUndefined();
  });

  it('grants for the route’s maxAge, and a one-shot route gets a one-shot elevation', async () => {
    const ann = await signIn('ann');
    const operationId = await pendingOperation(ann, { ...transferFunds, maxAgeSeconds: 90, oneShot: true });
    expect(await grant(operationId, ann)).toMatchObject({ expiresIn: 90 });
    expect(await elevationOf(ann)).toMatchObject({ expiresAt: new Date(start.getTime() + 90_000), oneShot: true });
  });

  it('answers NOT_FOUND to another user, leaves the operation pending for its owner, and elevates nobody', async () => {
    const ann = await signIn('ann');
    const ben = await signIn('ben');
    const operationId = await pendingOperation(ann);
    await expect(grant(operationId, ben)).rejects.toBeInstanceOf(NotFoundError);
    expect(await stateOf(operationId)).toBe('pending');
    expect(grantsPublished()).toEqual([]);
    expect(await elevationOf(ben)).toBeUndefined();
    expect(await elevationOf(ann)).toBeUndefined();
    // The owner's own validation still works: the foreign attempt consumed nothing.
    await expect(grant(operationId, ann)).resolves.toMatchObject({ state: 'granted' });
  });

  it('answers NOT_FOUND to another session of the same user and leaves the operation pending', async () => {
    const annOnLaptop = await signIn('ann');
    const annOnPhone = await signIn('ann');
    const operationId = await pendingOperation(annOnLaptop);
    await expect(grant(operationId, annOnPhone)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stateOf(operationId)).toBe('pending');
    expect(await elevationOf(annOnPhone)).toBeUndefined();
    await expect(grant(operationId, annOnLaptop)).resolves.toMatchObject({ state: 'granted' });
  });

  it('refuses a caller presenting another user’s session id as SESSION_REVOKED', async () => {
    const ann = await signIn('ann');
    const ben = await signIn('ben');
    const operationId = await pendingOperation(ann);
    await expect(grant(operationId, { ...ben, sessionId: ann.sessionId })).rejects.toBeInstanceOf(SessionRevokedError);
    expect(await stateOf(operationId)).toBe('pending');
  });

  it('refuses a revoked session with SESSION_REVOKED (a stateless access token outlives its logout)', async () => {
    const ann = await signIn('ann');
    const operationId = await pendingOperation(ann);
    await auth.commands.execute(new RevokeSessionCommand(ann.userId, ann.sessionId));
    await expect(grant(operationId, ann)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect(grantsPublished()).toEqual([]);
    expect(await elevationOf(ann)).toBeUndefined();
  });

  it('answers NOT_FOUND for an operation past its TTL', async () => {
    const ann = await signIn('ann');
    const operationId = await pendingOperation(ann);
    clock.advance(600);
    await expect(grant(operationId, ann)).rejects.toBeInstanceOf(NotFoundError);
    expect(grantsPublished()).toEqual([]);
    expect(await elevationOf(ann)).toBeUndefined();
  });

  it('answers NOT_FOUND for an unknown operation id', async () => {
    const ann = await signIn('ann');
    await expect(grant('00000000-0000-4000-8000-000000000000', ann)).rejects.toBeInstanceOf(NotFoundError);
  });
});
