import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, SessionRevokedError } from '../../domain/auth-error';
import { StepUpSessions } from './step-up-sessions';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import { isOwnedBy, type PendingOperation } from '../../domain/pending-operation';
import { Clock } from '../../ports/clock';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { GrantElevationCommand, type GrantedElevation } from './grant-elevation.command';

@CommandHandler(GrantElevationCommand)
export class GrantElevationHandler implements ICommandHandler<GrantElevationCommand, GrantedElevation> {
  constructor(
    private readonly operations: PendingOperationStore,
    private readonly elevations: ElevationStore,
    private readonly sessions: StepUpSessions,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ operationId, caller }: GrantElevationCommand): Promise<GrantedElevation> {
    const now = this.clock.now();
    await this.sessions.assertActive(caller, now);
    const pending = await this.operations.find(operationId, now);
    if (!pending || !isOwnedBy(pending, caller)) throw new NotFoundError('Operation');
    // The compare-and-set is the once-only gate: whoever moves it from `pending` stores the elevation;
    // a parallel validation that lost it reports the same grant.
    const granted = await this.operations.advance(operationId, 'pending', { state: 'granted' }, now);
    if (!granted) return answerOf(pending, pending.elevationSeconds, 'granted');
    const expiresAt = new Date(now.getTime() + granted.elevationSeconds * 1000);
    const { userId, sessionId, operation, oneShot } = granted;
    await this.elevations.grant({ userId, sessionId, operation, operationId, grantedAt: now, expiresAt, oneShot }, now);
    // A logout between the check above and the grant revoked the session before its elevations, so
    // reading it again tells: an elevation stored after that revocation is taken back here.
    if (!(await this.sessions.isActive(caller, now))) {
      await this.elevations.revokeSession(sessionId);
      throw new SessionRevokedError();
    }
    this.events.publish(new ElevationGrantedEvent(operationId, userId, sessionId, operation, expiresAt, granted.command !== undefined, now));
    return answerOf(granted, granted.elevationSeconds, granted.state);
  }
}

function answerOf(operation: PendingOperation, expiresIn: number, state: PendingOperation['state']): GrantedElevation {
  return { operation: operation.operation, state, resumable: operation.command !== undefined, expiresIn };
}
