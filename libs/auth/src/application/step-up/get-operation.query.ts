import { Query } from '@nestjs/cqrs';
import type { OperationStatus } from '../../domain/pending-operation';
import type { StepUpCaller } from './verify-elevation.command';

/** A step-up operation as its owner sees it (`GET /auth/operations/:id`). */
export interface OperationView {
  readonly id: string;
  readonly operation: string;
  readonly status: OperationStatus;
  readonly result?: unknown;
  readonly error?: string;
}

/** The caller's own operation `id`; another user's or session's, an expired or an unknown one answer 404. */
export class GetOperationQuery extends Query<OperationView> {
  constructor(
    readonly caller: Pick<StepUpCaller, 'userId' | 'sessionId'>,
    readonly id: string,
  ) {
    super();
  }
}
