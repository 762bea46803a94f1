import type { AuthorizationFilter } from '../domain/authorization/filter-condition';
import type { Identity } from '../domain/identity';

/**
 * Attribute-based access decisions over resources the app owns. One rule set answers three ways:
 * for one loaded resource (`can`), for a list query (`filterFor`, pushed into the database), and
 * for the actions to show beside each result (`permittedActions`). The module builds one from the
 * `authorization` option with CASL.
 */
export abstract class AuthorizationPolicy {
  /** The resource types this policy knows. */
  abstract resourceTypes(): readonly string[];

  /** The actions declared for `resourceType`; an unknown type throws. */
  abstract actionsOf(resourceType: string): readonly string[];

  /** Whether `identity` may perform `action` on `resource` (its fields as the rules name them). */
  abstract can(identity: Identity, action: string, resourceType: string, resource: object): boolean;

  /** The declared actions `identity` may perform on `resource`, in declaration order. */
  abstract permittedActions(identity: Identity, resourceType: string, resource: object): string[];

  /** Which resources of `resourceType` `identity` may perform `action` on, as a filter over rule fields. */
  abstract filterFor(identity: Identity, action: string, resourceType: string): AuthorizationFilter;
}
