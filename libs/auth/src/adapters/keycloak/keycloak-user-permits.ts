import type { KeycloakRealm } from './keycloak-realm';
import { rolesEveryUserHolds } from './keycloak-claims';
import type { KeycloakServiceAccount } from './keycloak-service-account';

/** The internal ids (URL-encoded) of the two clients whose roles matter here. */
interface ClientIds {
  /** The module's own client: its roles are permits, as in the realm's tokens. */
  readonly module: string;
  /** `realm-management`: its roles administer the realm itself. */
  readonly realmManagement: string;
}

const READ = { role: 'view-users' } as const;

/** Deeper than any real hierarchy: past it a group counts as administering, failing closed. */
const MAX_GROUP_DEPTH = 32;

/**
 * What a realm user may do, read from the admin API the way the realm's tokens state it: their
 * groups, their effective realm roles and their effective roles of the module's client are the
 * permits (without the roles every user holds), so a refresh or `/auth/me` answers the permits the
 * sign-in gave. And whether they administer the realm (any `realm-management` role, directly,
 * through a group or a composite): the module's user management must never reach those accounts,
 * or a module admin could take over the realm through the service account's `manage-users`.
 */
export class KeycloakUserPermits {
  private clientIds?: Promise<ClientIds>;

  constructor(
    private readonly realm: KeycloakRealm,
    private readonly account: KeycloakServiceAccount,
  ) {}

  /** The user's permits, given the names of the groups they are a member of. */
  async of(userId: string, groups: readonly string[]): Promise<string[]> {
    const { module } = await this.clients();
    const [realmRoles, clientRoles] = await Promise.all([this.names(`/users/${encodeURIComponent(userId)}/role-mappings/realm/composite`), this.names(`/users/${encodeURIComponent(userId)}/role-mappings/clients/${module}/composite`)]);
    const everyone = rolesEveryUserHolds(this.realm.name);
    return [...new Set([...groups, ...realmRoles, ...clientRoles])].filter((name) => !everyone.has(name)).sort();
  }

  /** True when the user holds any `realm-management` role, however it reaches them. */
  async administersRealm(userId: string): Promise<boolean> {
    const { realmManagement } = await this.clients();
    return (await this.names(`/users/${encodeURIComponent(userId)}/role-mappings/clients/${realmManagement}/composite`)).length > 0;
  }

  /**
   * True when membership of the group gives any `realm-management` role. A member of a subgroup
   * holds its parents' roles too, which the group's own mappings do not list: each parent is asked.
   */
  async groupAdministersRealm(groupId: string): Promise<boolean> {
    const { realmManagement } = await this.clients();
    let id: string | undefined = groupId;
    for (let depth = 0; id !== undefined; depth++) {
      if (depth >= MAX_GROUP_DEPTH) return true;
      if ((await this.names(`/groups/${encodeURIComponent(id)}/role-mappings/clients/${realmManagement}/composite`)).length > 0) return true;
      id = await this.parentOf(id);
    }
    return false;
  }

  private async parentOf(groupId: string): Promise<string | undefined> {
    const answer = await this.account.admin(`/groups/${encodeURIComponent(groupId)}`, { role: 'query-groups' });
    // Gone meanwhile: it has no parent to inherit from, and joining it fails on its own.
    if (answer.status === 404) return undefined;
    const group = answer.body as { id?: unknown; parentId?: unknown } | undefined;
    // Anything but the group asked for is nonsense, and nonsense must not read as "no parent".
    const isGroup = typeof group === 'object' && group !== null && !Array.isArray(group) && group.id === groupId;
    const parentId = isGroup ? group.parentId : undefined;
    if (answer.status !== 200 || !isGroup || (parentId !== undefined && parentId !== null && typeof parentId !== 'string')) throw this.realm.http.unexpected(answer, 'a group');
    return typeof parentId === 'string' && parentId ? parentId : undefined;
  }

  private clients(): Promise<ClientIds> {
    this.clientIds ??= this.findClients().catch((error: unknown) => {
      this.clientIds = undefined;
      throw error;
    });
    return this.clientIds;
  }

  // Keycloak shows a client's internal id only to an account that may view clients, so the
  // service account needs realm-management `view-clients` beside its user roles.
  private async findClients(): Promise<ClientIds> {
    const [module, realmManagement] = await Promise.all([this.clientUuid(this.realm.clientId), this.clientUuid('realm-management')]);
    return { module, realmManagement };
  }

  private async clientUuid(clientId: string): Promise<string> {
    const answer = await this.account.admin(`/clients?${new URLSearchParams({ clientId })}`, { role: 'view-clients' });
    const found = Array.isArray(answer.body) ? (answer.body as { id?: unknown; clientId?: unknown }[]).find((client) => client?.clientId === clientId) : undefined;
    if (answer.status !== 200 || typeof found?.id !== 'string') throw this.realm.http.unexpected(answer, `the lookup of client ${clientId} (does the service account hold realm-management view-clients?)`);
    return encodeURIComponent(found.id);
  }

  private async names(path: string): Promise<string[]> {
    const answer = await this.account.admin(path, READ);
    if (answer.status === 404) return [];
    const roles = answer.body;
    if (answer.status !== 200 || !Array.isArray(roles) || !roles.every((role) => typeof (role as { name?: unknown })?.name === 'string')) throw this.realm.http.unexpected(answer, 'a role mapping');
    return roles.map((role) => (role as { name: string }).name);
  }
}
