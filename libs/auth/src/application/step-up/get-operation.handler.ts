import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { statusOf } from '../../domain/pending-operation';
import { Clock } from '../../ports/clock';
import { CallerOperations } from './caller-operations';
import { GetOperationQuery, type OperationView } from './get-operation.query';

@QueryHandler(GetOperationQuery)
export class GetOperationHandler implements IQueryHandler<GetOperationQuery, OperationView> {
  constructor(
    private readonly callerOperations: CallerOperations,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, id }: GetOperationQuery): Promise<OperationView> {
    const operation = await this.callerOperations.load(id, caller, this.clock.now());
    return {
      id: operation.id,
      operation: operation.operation,
      status: statusOf(operation),
      ...(operation.result === undefined ? {} : { result: operation.result }),
      ...(operation.error === undefined ? {} : { error: operation.error }),
    };
  }
}
