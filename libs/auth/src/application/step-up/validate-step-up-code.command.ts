import { Command } from '@nestjs/cqrs';
import type { OtpMethod } from '../../domain/otp-method';
import type { OperationStatus } from '../../domain/pending-operation';
import type { StepUpCaller } from './verify-elevation.command';

/** The `elevated` answer of `/auth/otp/validate` with a `correlation_id`. */
export interface StepUpValidated {
  readonly operation: string;
  readonly correlationId: string;
  /** Seconds the elevation lasts. */
  readonly expiresIn: number;
  /** A resumable operation's status right after the grant (usually `pending` while its command runs). */
  readonly operationStatus?: OperationStatus;
}

/**
 * Proves a second factor for the caller's pending operation `correlationId` and grants its
 * elevation. Another user's or session's operation answers 404, as an unknown one does.
 */
export class ValidateStepUpCodeCommand extends Command<StepUpValidated> {
  constructor(
    readonly caller: Pick<StepUpCaller, 'userId' | 'sessionId'>,
    readonly correlationId: string,
    readonly method: OtpMethod,
    readonly code: string,
    readonly clientAddress?: string,
  ) {
    super();
  }
}
