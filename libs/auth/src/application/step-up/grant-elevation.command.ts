import { Command } from '@nestjs/cqrs';
import type { OperationState } from '../../domain/pending-operation';
import type { StepUpCaller } from './verify-elevation.command';

/** What a grant left behind: the operation's name and state, and how long its elevation lasts. */
export interface GrantedElevation {
  readonly operation: string;
  readonly state: OperationState;
  readonly resumable: boolean;
  readonly expiresIn: number;
}

/**
 * Grants the elevation a proven second factor earned for the pending operation `operationId`, once:
 * of parallel grants exactly one stores it and publishes `ElevationGrantedEvent`; the others answer
 * what it granted. Only the operation's own user and session, while that session is active.
 */
export class GrantElevationCommand extends Command<GrantedElevation> {
  constructor(
    readonly operationId: string,
    readonly caller: Pick<StepUpCaller, 'userId' | 'sessionId'>,
  ) {
    super();
  }
}
