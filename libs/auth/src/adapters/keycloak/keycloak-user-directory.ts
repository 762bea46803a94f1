import { ForbiddenError, ValidationFailedError } from '../../domain/auth-error';
import { normalizePassword } from '../../domain/password-policy';
import { acceptNewUsername, normalizeUsername } from '../../domain/username';
import { DirectoryUser, NewUser, PasswordChangeOutcome, UserChanges, UserDirectory, UserPage, UserQuery } from '../../ports/user-directory';
import { ConcurrencyLimit } from '../local/concurrency-limit';
import type { KeycloakAnswer } from './keycloak-http';
import type { KeycloakRealm } from './keycloak-realm';
import { type AdminCall, KeycloakServiceAccount } from './keycloak-service-account';
import { KeycloakGroups } from './keycloak-groups';
import { KeycloakUserPermits } from './keycloak-user-permits';
import {
  changedKeycloakUser,
  conflictOf,
  directoryUserOf,
  fieldErrorsOf,
  isKeycloakId,
  type KeycloakGroup,
  type KeycloakUser,
  keycloakSearch,
  keycloakUserOf,
  newKeycloakUser,
  passwordCredential,
} from './keycloak-user-representation';

/** Options of `KeycloakUserDirectory`. */
export interface KeycloakUserDirectoryOptions {
  /** Shared with other Keycloak adapters so they hold one token. @default one of its own */
  readonly serviceAccount?: KeycloakServiceAccount;
  /** How long a group name's id is remembered, in seconds. @default 30 */
  readonly groupCacheSeconds?: number;
  /**
   * The user attributes that become identity attributes (and reach tokens and policies), as the
   * realm's tokens carry them (`tokens.attributeClaims` of `keycloakIdentity`). @default ['department']
   */
  readonly attributes?: readonly string[];
  /** How many users' groups a page of the list fetches at once. @default 4 */
  readonly groupFetchConcurrency?: number;
  /** @default the system clock */
  readonly now?: () => Date;
}

const READ: AdminCall = { role: 'view-users' };
const PUT = (json: unknown): AdminCall => ({ role: 'manage-users', method: 'PUT', json });

/**
 * The realm's users through the admin REST API, as the client's service account (realm-management
 * `view-users`, `query-users`, `query-groups`, `manage-users`), with the local directory's semantics.
 *
 * Search is Keycloak's own: every word must occur in the username, email, first or last name (the
 * local directory looks at username and email only). Filtering Keycloak's page afterwards would
 * leave short pages and a `total` that counts users the page drops; counting "username or email"
 * from its `username=` and `email=` filters would take `%` and `_` as wildcards and count service
 * accounts. Users created here carry their username as first and last name, so for them both
 * readings agree.
 *
 * Keycloak offers no transaction and no compare-and-set: an update is several calls (the profile is
 * read and written back whole, without `If-Match`), and concurrent changes of one user can
 * interleave, the last write winning.
 *
 * @example
 * const realm = new KeycloakRealm({ url: 'http://127.0.0.1:8180', realm: 'stepgate', clientId: 'stepgate-api', clientSecret });
 * const users = new KeycloakUserDirectory(realm);
 * await users.list({ page: 1, pageSize: 20, search: 'ali' });
 */
export class KeycloakUserDirectory extends UserDirectory {
  private readonly account: KeycloakServiceAccount;
  private readonly permits: KeycloakUserPermits;
  /** The attributes this app reads, and so the only ones it shows and writes. */
  private readonly managedAttributes: readonly string[];
  private readonly groups: KeycloakGroups;
  private readonly passwordChanges = new Map<string, Promise<unknown>>();
  private readonly now: () => Date;

  constructor(
    private readonly realm: KeycloakRealm,
    private readonly options: KeycloakUserDirectoryOptions = {},
  ) {
    super();
    this.now = options.now ?? (() => new Date());
    this.account = options.serviceAccount ?? new KeycloakServiceAccount(realm, { now: this.now });
    this.permits = new KeycloakUserPermits(realm, this.account);
    this.managedAttributes = options.attributes ?? ['department'];
    this.groups = new KeycloakGroups(realm, (path, call, what, expected) => this.call(path, call, what, expected), this.permits, options.groupCacheSeconds ?? 30, this.now);
  }

  async findById(userId: string): Promise<DirectoryUser | undefined> {
    const [user, groups] = await Promise.all([this.user(userId), isKeycloakId(userId) ? this.groups.memberships(userId) : []]);
    return user && groups && this.present(user, groups);
  }

  async findByUsername(username: string): Promise<DirectoryUser | undefined> {
    const wanted = normalizeUsername(username);
    const answer = await this.call(`/users?${new URLSearchParams({ username: wanted, exact: 'true', briefRepresentation: 'false' })}`, READ, 'a user lookup');
    const found = this.usersOf(answer, 'a user lookup').find((user) => user.username === wanted);
    if (!found || found.id === (await this.account.userId())) return undefined;
    const groups = await this.groups.memberships(found.id);
    return groups && this.present(found, groups);
  }

  async list({ page, pageSize, search }: UserQuery): Promise<UserPage> {
    const filter: Record<string, string> = search?.trim() ? { search: keycloakSearch(search) } : {};
    const range = { first: String(Math.max(0, (page - 1) * pageSize)), max: String(pageSize) };
    // Full representations: the brief ones lack the attributes (department, phone number).
    const [listed, counted] = await Promise.all([
      pageSize > 0 ? this.call(`/users?${new URLSearchParams({ ...filter, ...range, briefRepresentation: 'false' })}`, { role: 'query-users' }, 'the user list') : undefined,
      this.call(`/users/count?${new URLSearchParams(filter)}`, { role: 'query-users' }, 'the user count'),
    ]);
    if (typeof counted.body !== 'number') throw this.realm.http.unexpected(counted, 'the user count');
    // Keycloak lists no service accounts (ours included) unless asked to by username, which this never does.
    const users = listed ? this.usersOf(listed, 'the user list') : [];
    const limit = new ConcurrencyLimit(this.options.groupFetchConcurrency ?? 4);
    const items = await Promise.all(users.map((user) => limit.run(async () => this.present(user, (await this.groups.memberships(user.id)) ?? []))));
    return { items, total: counted.body };
  }

  async create(user: NewUser): Promise<DirectoryUser> {
    // Apps may call the directory directly, not only through CreateUserCommand.
    const username = acceptNewUsername(user.username);
    // Before the user exists: an unknown group must not leave a user behind without it.
    const groups = await this.groups.resolve(user.groups ?? []);
    const answer = await this.account.admin('/users', { role: 'manage-users', method: 'POST', json: newKeycloakUser(username, user, this.managedAttributes) });
    if (answer.status === 409) throw conflictOf(answer.body);
    if (answer.status === 400) throw new ValidationFailedError(fieldErrorsOf(answer.body, 'username'));
    const userId = answer.headers.get('location')?.split('/users/').pop();
    if (answer.status !== 201 || !isKeycloakId(userId)) throw this.realm.http.unexpected(answer, 'the user creation');
    try {
      // Joins only: groups the realm gives every new user (its default groups) are its policy to keep.
      await this.groups.replace(userId, groups, []);
    } catch (error) {
      // The refusal is what the caller needs to see; a failed clean-up leaves a user the list shows.
      await this.remove(userId).catch(() => undefined);
      throw error;
    }
    const created = await this.findById(userId);
    if (!created) throw this.realm.http.unexpected(answer, 'the user creation (the new user is gone)');
    return created;
  }

  async update(userId: string, changes: UserChanges): Promise<DirectoryUser | undefined> {
    const current = await this.user(userId);
    if (!current) return undefined;
    await this.assertNotRealmAdministrator(current.id);
    const groups = changes.groups && (await this.groups.resolve(changes.groups));
    if (changes.attributes !== undefined || changes.enabled !== undefined) {
      const answer = await this.call(`/users/${encodeURIComponent(current.id)}`, PUT(changedKeycloakUser(current, changes, this.managedAttributes)), 'the user update', [400, 404]);
      if (answer.status === 404) return undefined;
      if (answer.status === 400) throw new ValidationFailedError(fieldErrorsOf(answer.body, 'attributes'));
    }
    if (changes.password !== undefined && !(await this.resetPassword(current.id, changes.password, 'password'))) return undefined;
    if (groups) await this.groups.replace(current.id, groups);
    return this.findById(current.id);
  }

  /**
   * Checks `currentPassword` with the password grant, ends the realm session that grant opened, and
   * sets `newPassword`. Keycloak has no compare-and-set on a credential, so two changes from the same
   * password are serialised per user in this process: the second finds the password changed.
   * Across instances both could pass the check; each then sets its own password and the last wins.
   */
  changePassword(userId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeOutcome> {
    return this.serialised(userId, async () => {
      const user = await this.user(userId);
      if (!user) return 'not_found';
      // In its NFKC form, as it was set: the form as typed matches only a password set in Keycloak itself.
      const normalized = normalizePassword(currentPassword);
      let grant = await this.passwordGrant(user.username, normalized);
      if (isRefusal(grant) && normalized !== currentPassword) grant = await this.passwordGrant(user.username, currentPassword);
      if (isRefusal(grant)) return 'wrong_password';
      const refreshToken = (grant.body as { refresh_token?: unknown } | undefined)?.refresh_token;
      if (grant.status !== 200 || typeof refreshToken !== 'string') throw this.realm.http.unexpected(grant, 'the password check');
      const logout = await this.realm.http.call(this.realm.logoutEndpoint, { form: { ...this.realm.clientCredentials(), refresh_token: refreshToken } });
      if (logout.status !== 204 && logout.status !== 200) throw this.realm.http.unexpected(logout, 'the logout after the password check');
      return (await this.resetPassword(user.id, newPassword, 'new_password')) ? 'changed' : 'not_found';
    });
  }

  async remove(userId: string): Promise<void> {
    if (!isKeycloakId(userId) || userId === (await this.account.userId())) return;
    await this.assertNotRealmAdministrator(userId);
    await this.call(`/users/${encodeURIComponent(userId)}`, { role: 'manage-users', method: 'DELETE' }, 'the user removal', [404]);
  }

  /** The port's view of the user, with the permits and attributes a token of theirs would carry. */
  private async present(user: KeycloakUser, groups: readonly KeycloakGroup[]): Promise<DirectoryUser> {
    const permits = await this.permits.of(user.id, groups.map((group) => group.name));
    return directoryUserOf(user, permits, this.managedAttributes);
  }

  /**
   * The module's administrators manage the app's users, not the realm's: an account holding a
   * `realm-management` role is changed and removed in Keycloak only. Without this, the service
   * account's `manage-users` would let a module admin set a realm administrator's password.
   */
  private async assertNotRealmAdministrator(userId: string): Promise<void> {
    if (await this.permits.administersRealm(userId)) throw new ForbiddenError('This user administers the identity provider; change them there.');
  }

  /** The user, or undefined for an id that is no Keycloak id, an unknown user, or the service account itself. */
  private async user(userId: string): Promise<KeycloakUser | undefined> {
    if (!isKeycloakId(userId)) return undefined;
    const answer = await this.call(`/users/${encodeURIComponent(userId)}`, READ, 'a user', [404]);
    if (answer.status === 404) return undefined;
    const user = keycloakUserOf(answer.body);
    if (!user) throw this.realm.http.unexpected(answer, 'a user');
    return user.id === (await this.account.userId()) ? undefined : user;
  }

  private passwordGrant(username: string, password: string): Promise<KeycloakAnswer> {
    return this.realm.http.call(this.realm.tokenEndpoint, { form: { ...this.realm.clientCredentials(), grant_type: 'password', username, password } });
  }

  /** False when the user is gone. A password Keycloak's own policy refuses is `VALIDATION_FAILED` on `field`. */
  private async resetPassword(userId: string, password: string, field: string): Promise<boolean> {
    const answer = await this.call(`/users/${encodeURIComponent(userId)}/reset-password`, PUT(passwordCredential(password)), 'the password reset', [400, 404]);
    if (answer.status === 400) throw new ValidationFailedError(fieldErrorsOf(answer.body, field));
    return answer.status !== 404;
  }

  /** An admin call whose answer is a 2xx or one of `expected`; anything else is Keycloak misbehaving. */
  private async call(path: string, call: AdminCall, what: string, expected: readonly number[] = []): Promise<KeycloakAnswer> {
    const answer = await this.account.admin(path, call);
    if ((answer.status < 200 || answer.status > 299) && !expected.includes(answer.status)) throw this.realm.http.unexpected(answer, what);
    return answer;
  }

  private usersOf(answer: KeycloakAnswer, what: string): KeycloakUser[] {
    const users = Array.isArray(answer.body) ? answer.body.map(keycloakUserOf) : [undefined];
    if (users.some((user) => user === undefined)) throw this.realm.http.unexpected(answer, what);
    return users as KeycloakUser[];
  }

  private serialised<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.passwordChanges.get(userId) ?? Promise.resolve();
    const run = previous.then(task);
    const settled = run.catch(() => undefined);
    this.passwordChanges.set(userId, settled);
    void settled.then(() => this.passwordChanges.get(userId) === settled && this.passwordChanges.delete(userId));
    return run;
  }
}

// Wrong password, disabled user, required actions: Keycloak refuses them alike, and so does this.
function isRefusal(grant: KeycloakAnswer): boolean {
  return (grant.status === 400 || grant.status === 401) && (grant.body as { error?: unknown } | undefined)?.error === 'invalid_grant';
}
