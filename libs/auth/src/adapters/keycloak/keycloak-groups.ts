import { ValidationFailedError } from '../../domain/auth-error';
import type { KeycloakAnswer } from './keycloak-http';
import type { KeycloakRealm } from './keycloak-realm';
import type { AdminCall } from './keycloak-service-account';
import type { KeycloakUserPermits } from './keycloak-user-permits';
import { flatten, groupsOf, type KeycloakGroup } from './keycloak-user-representation';

/** An admin call whose answer is a 2xx or one of `expected`; anything else throws. */
export type ExpectedAdminCall = (path: string, call: AdminCall, what: string, expected?: readonly number[]) => Promise<KeycloakAnswer>;

const READ: AdminCall = { role: 'view-users' };

/**
 * The realm's groups as the user directory uses them: a user's memberships, group names resolved
 * to ids (briefly remembered), and memberships replaced by a list of ids. A group whose membership
 * administers the realm is never handed out.
 */
export class KeycloakGroups {
  private readonly ids = new Map<string, { id: string; until: number }>();

  constructor(
    private readonly realm: KeycloakRealm,
    private readonly call: ExpectedAdminCall,
    private readonly permits: KeycloakUserPermits,
    private readonly cacheSeconds: number,
    private readonly now: () => Date,
  ) {}

  /** The groups the user is a direct member of; undefined for an unknown user. */
  async memberships(userId: string): Promise<KeycloakGroup[] | undefined> {
    const groups: KeycloakGroup[] = [];
    for (let first = 0, max = 100; ; first += max) {
      const answer = await this.call(`/users/${encodeURIComponent(userId)}/groups?${new URLSearchParams({ first: String(first), max: String(max), briefRepresentation: 'true' })}`, READ, "a user's groups", [404]);
      if (answer.status === 404) return undefined;
      const page = groupsOf(answer.body);
      if (!page) throw this.realm.http.unexpected(answer, "a user's groups");
      groups.push(...page);
      if (page.length < max) return groups;
    }
  }

  /**
   * The ids of the named groups; `VALIDATION_FAILED` on `groups` naming those the realm lacks, and
   * those whose members administer the realm (the module cannot hand out realm administration).
   */
  async resolve(names: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(names)];
    const ids = await Promise.all(wanted.map((name) => this.idOf(name)));
    const unknown = wanted.filter((_, index) => ids[index] === undefined);
    if (unknown.length > 0) throw new ValidationFailedError([{ field: 'groups', message: `No such group: ${unknown.map((name) => name.slice(0, 64)).join(', ')}.` }]);
    const administering = await Promise.all((ids as string[]).map((id) => this.permits.groupAdministersRealm(id)));
    const refused = wanted.filter((_, index) => administering[index]);
    if (refused.length > 0) throw new ValidationFailedError([{ field: 'groups', message: `Membership of ${refused.map((name) => name.slice(0, 64)).join(', ')} administers the identity provider; grant it there.` }]);
    return ids as string[];
  }

  // Only names that exist are remembered, so the cache holds no more entries than the realm has groups.
  private async idOf(name: string): Promise<string | undefined> {
    const now = this.now().getTime();
    const cached = this.ids.get(name);
    if (cached && now < cached.until) return cached.id;
    const answer = await this.call(`/groups?${new URLSearchParams({ search: name, exact: 'true', briefRepresentation: 'true' })}`, { role: 'query-groups' }, 'a group search');
    const found = groupsOf(answer.body);
    if (!found) throw this.realm.http.unexpected(answer, 'a group search');
    // An exact search also returns the parents of a matching subgroup; a name found twice is ambiguous.
    const matches = flatten(found).filter((group) => group.name === name);
    if (matches.length !== 1) return undefined;
    this.ids.set(name, { id: matches[0].id, until: now + (this.cacheSeconds) * 1000 });
    return matches[0].id;
  }

  /** Joins the `wanted` group ids and leaves the others of `known` (read from Keycloak when not given). */
  async replace(userId: string, wanted: readonly string[], known?: readonly KeycloakGroup[]): Promise<void> {
    const current = known ?? (await this.memberships(userId)) ?? [];
    const joins = wanted.filter((id) => !current.some((group) => group.id === id)).map((id) => ['PUT', id] as const);
    const leaves = current.filter((group) => !wanted.includes(group.id)).map((group) => ['DELETE', group.id] as const);
    for (const [method, groupId] of [...joins, ...leaves]) {
      const answer = await this.call(`/users/${encodeURIComponent(userId)}/groups/${encodeURIComponent(groupId)}`, { role: 'manage-users', method }, 'a group membership change', [404]);
      if (answer.status === 404) {
        this.ids.clear();
        throw new ValidationFailedError([{ field: 'groups', message: 'A group was removed from the identity provider meanwhile; try again.' }]);
      }
    }
  }
}
