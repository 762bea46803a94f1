import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../domain/auth-error';
import { isOwnedBy, type PendingOperation } from '../../domain/pending-operation';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import type { StepUpCaller } from './verify-elevation.command';

/**
 * A caller's own pending operations. Another user's, another session's, an expired and an unknown
 * id all answer the same 404, so an id reveals nothing to anyone but its owner.
 */
@Injectable()
export class CallerOperations {
  constructor(private readonly operations: PendingOperationStore) {}

  async load(id: string, caller: Pick<StepUpCaller, 'userId' | 'sessionId'>, now: Date): Promise<PendingOperation> {
    const operation = await this.operations.find(id, now);
    if (!operation || !isOwnedBy(operation, caller)) throw new NotFoundError('Operation');
    return operation;
  }
}
