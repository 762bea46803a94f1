import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SignInSteps } from '../flows/sign-in-steps';
import { GetStepOptionsQuery } from './get-step-options.query';

@QueryHandler(GetStepOptionsQuery)
export class GetStepOptionsHandler implements IQueryHandler<GetStepOptionsQuery, Record<string, object>> {
  constructor(private readonly steps: SignInSteps) {}

  async execute(): Promise<Record<string, object>> {
    return this.steps.schemas();
  }
}
