import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, SessionRevokedError } from '../../domain/auth-error';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import { isOwnedBy, type PendingOperation } from '../../domain/pending-operation';
import { Clock } from '../../ports/clock';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { SessionRepository } from '../../ports/session-repository';
import { GrantElevationCommand, type GrantedElevation } from './grant-elevation.command';

@CommandHandler(GrantElevationCommand)
export class GrantElevationHandler implements ICommandHandler<GrantElevationCommand, GrantedElevation> {
  constructor(
    private readonly operations: PendingOperationStore,
    private readonly elevations: ElevationStore,
    private readonly sessions: SessionRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ operationId, caller }: GrantElevationCommand): Promise<GrantedElevation> {
    const now = this.clock.now();
    // A stateless access token outlives a logout; the session record does not.
    const session = await this.sessions.findById(caller.sessionId);
    if (!session?.isActiveAt(now) || session.userId !== caller.userId) throw new SessionRevokedError();
    const pending = await this.operations.find(operationId, now);
    if (!pending || !isOwnedBy(pending, caller)) throw new NotFoundError('Operation');
    // The compare-and-set is the once-only gate: whoever moves it from `pending` stores the elevation;
    // a parallel validation that lost it reports the same grant.
    const granted = await this.operations.advance(operationId, 'pending', { state: 'granted' }, now);
    if (!granted) return answerOf(pending, pending.elevationSeconds, 'granted');
    const expiresAt = new Date(now.getTime() + granted.elevationSeconds * 1000);
    const { userId, sessionId, operation, oneShot } = granted;
    await this.elevations.grant({ userId, sessionId, operation, operationId, grantedAt: now, expiresAt, oneShot }, now);
    this.events.publish(new ElevationGrantedEvent(operationId, userId, sessionId, operation, expiresAt, granted.command !== undefined, now));
    return answerOf(granted, granted.elevationSeconds, granted.state);
  }
}

function answerOf(operation: PendingOperation, expiresIn: number, state: PendingOperation['state']): GrantedElevation {
  return { operation: operation.operation, state, resumable: operation.command !== undefined, expiresIn };
}
