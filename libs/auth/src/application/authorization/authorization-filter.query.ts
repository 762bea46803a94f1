import { Query } from '@nestjs/cqrs';
import type { AuthorizationFilter, FieldMapping } from '../../domain/authorization/filter-condition';
import type { Identity } from '../../domain/identity';

/**
 * Which resources of `resource` the identity may perform `action` on, as a filter over the
 * columns `fieldMapping` names (rule field -> `alias.property` of the caller's query): `{ grantedAll }`,
 * `{ deniedAll }` or `{ condition }`. Merge it with `whereAuthorized` from `@stepgate/auth/typeorm`.
 * A rule field the mapping leaves out throws `UnmappedFieldError` rather than being dropped.
 */
export class AuthorizationFilterQuery extends Query<AuthorizationFilter> {
  constructor(
    readonly identity: Identity,
    readonly resource: string,
    readonly action: string,
    readonly fieldMapping: FieldMapping,
  ) {
    super();
  }
}
