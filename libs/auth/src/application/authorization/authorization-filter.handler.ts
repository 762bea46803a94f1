import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AuthorizationFilter, mapFilterFields } from '../../domain/authorization/filter-condition';
import { AuthorizationPolicy } from '../../ports/authorization-policy';
import { AuthorizationFilterQuery } from './authorization-filter.query';

@QueryHandler(AuthorizationFilterQuery)
export class AuthorizationFilterHandler implements IQueryHandler<AuthorizationFilterQuery, AuthorizationFilter> {
  constructor(private readonly policy: AuthorizationPolicy) {}

  async execute({ identity, resource, action, fieldMapping }: AuthorizationFilterQuery): Promise<AuthorizationFilter> {
    return mapFilterFields(this.policy.filterFor(identity, action, resource), fieldMapping);
  }
}
