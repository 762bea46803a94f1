import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AuthorizationFilter, mapFilterFields } from '../../domain/authorization/filter-condition';
import { UnauthenticatedError } from '../../domain/auth-error';
import { isIdentity } from '../../domain/identity';
import { AuthorizationPolicy } from '../../ports/authorization-policy';
import { AuthorizationFilterQuery } from './authorization-filter.query';

@QueryHandler(AuthorizationFilterQuery)
export class AuthorizationFilterHandler implements IQueryHandler<AuthorizationFilterQuery, AuthorizationFilter> {
  constructor(private readonly policy: AuthorizationPolicy) {}

  async execute({ identity, resource, action, fieldMapping }: AuthorizationFilterQuery): Promise<AuthorizationFilter> {
    // A list asked for on nobody's behalf is refused, as a handler with no caller is.
    if (!isIdentity(identity)) throw new UnauthenticatedError();
    return mapFilterFields(this.policy.filterFor(identity, action, resource), fieldMapping);
  }
}
