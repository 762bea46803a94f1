import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetStepOptionsQuery } from './get-step-options.query';
import { USERNAME_PASSWORD_SCHEMA } from './username-password.step';

@QueryHandler(GetStepOptionsQuery)
export class GetStepOptionsHandler implements IQueryHandler<GetStepOptionsQuery, Record<string, object>> {
  async execute(): Promise<Record<string, object>> {
    return { 'username-password': USERNAME_PASSWORD_SCHEMA };
  }
}
