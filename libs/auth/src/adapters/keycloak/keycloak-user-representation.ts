import { type FieldError, ValidationFailedError } from '../../domain/auth-error';
import { type DirectoryUser, type NewUser, type UserChanges, UsernameTakenError } from '../../ports/user-directory';

/** A user as the admin REST API represents one (`UserRepresentation`), as far as Stepgate reads it. */
export interface KeycloakUser {
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly enabled?: boolean;
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
}

/** A group as the admin REST API lists one; `subGroups` holds matches below it in a search. */
export interface KeycloakGroup {
  readonly id: string;
  readonly name: string;
  readonly subGroups?: unknown;
}

/** Where the phone number lives among Keycloak's attributes (the realm's user profile declares it). */
export const PHONE_ATTRIBUTE = 'phone_number';

// Keycloak's user profile reads these names in `attributes` as the root fields (or drops them), so
// an attribute given one would rename the user, change the email or vanish without a word.
const RESERVED_ATTRIBUTES = new Set(['username', 'email', 'emailverified', 'firstname', 'lastname', 'enabled', 'createdtimestamp', PHONE_ATTRIBUTE]);

// Keycloak user ids are UUIDs. Anything else in a path could name another admin resource
// ('../groups', 'x/reset-password'), so it is an unknown user before any request is made.
const KEYCLOAK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isKeycloakId(value: unknown): value is string {
  return typeof value === 'string' && KEYCLOAK_ID.test(value);
}

/** The body as a `KeycloakUser`, or undefined when it is not one. */
export function keycloakUserOf(body: unknown): KeycloakUser | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const user = body as Partial<KeycloakUser>;
  return isKeycloakId(user.id) && typeof user.username === 'string' ? (user as KeycloakUser) : undefined;
}

/**
 * The port's view of a Keycloak user: the attributes (only those named in `attributeNames`, when
 * given) flattened to their first value, the phone number lifted out of them, and a missing
 * `enabled` read as disabled (fail closed).
 */
export function directoryUserOf(user: KeycloakUser, groups: readonly string[], attributeNames?: readonly string[]): DirectoryUser {
  const attributes: Record<string, string> = {};
  for (const [name, values] of Object.entries(user.attributes ?? {})) {
    const first = Array.isArray(values) ? values[0] : undefined;
    if (name !== PHONE_ATTRIBUTE && typeof first === 'string' && (!attributeNames || attributeNames.includes(name))) attributes[name] = first;
  }
  const phoneNumber = firstValue(user, PHONE_ATTRIBUTE);
  return {
    userId: user.id,
    username: user.username,
    ...(typeof user.email === 'string' && user.email ? { email: user.email } : {}),
    ...(phoneNumber === undefined ? {} : { phoneNumber }),
    enabled: user.enabled === true,
    groups: [...new Set(groups)].sort(),
    attributes,
  };
}

/**
 * The body of `POST /users`. The realm's user profile requires first and last name of a user
 * (role `user`): without them the password grant answers "Account is not fully set up". The port
 * has no names, so both are the username, which also keeps Keycloak's search (it matches names)
 * from finding such a user by anything but its username or email.
 */
export function newKeycloakUser(username: string, user: NewUser, managed?: readonly string[]): Record<string, unknown> {
  return {
    username,
    firstName: username,
    lastName: username,
    enabled: true,
    ...(user.email === undefined ? {} : { email: user.email }),
    attributes: keycloakAttributes(user.attributes ?? {}, user.phoneNumber, managed),
    credentials: [passwordCredential(user.password)],
  };
}

/**
 * The body of `PUT /users/{id}`. Keycloak treats a body with `attributes` as the whole profile and
 * clears every field it lacks (email, names, the phone number), so all of them are sent back as read.
 * With `managed`, the changes replace only those attributes: the others (the realm's own, which the
 * directory does not show) are sent back as read, not deleted.
 */
export function changedKeycloakUser(current: KeycloakUser, changes: Pick<UserChanges, 'attributes' | 'enabled'>, managed?: readonly string[]): Record<string, unknown> {
  const phoneNumber = firstValue(current, PHONE_ATTRIBUTE);
  const kept = managed ? Object.fromEntries(Object.entries(current.attributes ?? {}).filter(([name]) => name !== PHONE_ATTRIBUTE && !managed.includes(name))) : {};
  return {
    username: current.username,
    email: current.email,
    emailVerified: current.emailVerified,
    firstName: current.firstName,
    lastName: current.lastName,
    enabled: changes.enabled ?? current.enabled,
    attributes: changes.attributes ? { ...kept, ...keycloakAttributes(changes.attributes, phoneNumber, managed) } : { ...current.attributes },
  };
}

export function passwordCredential(password: string): Record<string, unknown> {
  return { type: 'password', value: password, temporary: false };
}

/**
 * Throws `VALIDATION_FAILED` for an attribute name Keycloak would read as something else, and, with
 * `managed`, for one outside it: an attribute the app does not read may be one another client's
 * token mapper puts into its tokens, so the module's admins do not write it.
 */
export function keycloakAttributes(attributes: Readonly<Record<string, string>>, phoneNumber: string | undefined, managed?: readonly string[]): Record<string, string[]> {
  const reserved = Object.keys(attributes).filter((name) => RESERVED_ATTRIBUTES.has(name.toLowerCase()));
  if (reserved.length > 0) {
    throw new ValidationFailedError(reserved.map((name) => ({ field: `attributes.${name}`, message: `The attribute name ${name} is reserved by the identity provider.` })));
  }
  const unmanaged = managed ? Object.keys(attributes).filter((name) => !managed.includes(name)) : [];
  if (unmanaged.length > 0) {
    throw new ValidationFailedError(unmanaged.map((name) => ({ field: `attributes.${name.slice(0, 64)}`, message: 'This app manages no such attribute in the identity provider.' })));
  }
  const values: Record<string, string[]> = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, [value]]));
  if (phoneNumber !== undefined) values[PHONE_ATTRIBUTE] = [phoneNumber];
  return values;
}

/**
 * The fields of a 400 from the admin API, named as the HTTP contract names them. Keycloak answers
 * `{ errors: [...] }`, one `{ field, errorMessage }`, or `{ error | errorMessage }` without a field.
 */
export function fieldErrorsOf(body: unknown, fallbackField: string): FieldError[] {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { errors?: unknown; field?: unknown; errorMessage?: unknown; error?: unknown; error_description?: unknown };
  const items = Array.isArray(answer.errors) ? (answer.errors as unknown[]) : [answer];
  return items.map((item) => {
    const { field, errorMessage, error, error_description } = (typeof item === 'object' && item !== null ? item : {}) as typeof answer;
    const reason = [error_description, errorMessage, error].find((text): text is string => typeof text === 'string' && text.length > 0);
    return { field: typeof field === 'string' ? contractField(field) : fallbackField, message: `The identity provider refused this value${reason ? ` (${reason.slice(0, 200)})` : ''}.` };
  });
}

function contractField(keycloakField: string): string {
  if (keycloakField === 'username' || keycloakField === 'firstName' || keycloakField === 'lastName') return 'username';
  if (keycloakField === 'email' || keycloakField === PHONE_ATTRIBUTE) return keycloakField;
  return `attributes.${keycloakField}`;
}

function firstValue(user: KeycloakUser, name: string): string | undefined {
  const values = user.attributes?.[name];
  return Array.isArray(values) && typeof values[0] === 'string' && values[0] ? values[0] : undefined;
}

/**
 * Keycloak's `search` matches a prefix unless told otherwise (`*` is its wildcard) and treats
 * `id:...` and `"..."` specially; wrapping each word in `*` asks for a substring and defuses both.
 * `%` and `_` are escaped by Keycloak itself.
 */
export function keycloakSearch(search: string): string {
  return search
    .trim()
    .split(/\s+/)
    .map((word) => `*${word}*`)
    .join(' ');
}

/** A 409 of `POST /users`: the username is taken, or the email when the realm forbids duplicates. */
export function conflictOf(body: unknown): ValidationFailedError {
  const message = (body as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof message === 'string' && /email/i.test(message)) return new ValidationFailedError([{ field: 'email', message: 'This email address is in use.' }]);
  return new UsernameTakenError();
}

/** The groups of a group list, or undefined when the body is not one. */
export function groupsOf(body: unknown): KeycloakGroup[] | undefined {
  if (!Array.isArray(body)) return undefined;
  return body.every((group) => isKeycloakId(group?.id) && typeof group?.name === 'string') ? (body as KeycloakGroup[]) : undefined;
}

/** The groups and, depth first, their subgroups. */
export function flatten(groups: readonly KeycloakGroup[]): KeycloakGroup[] {
  return groups.flatMap((group) => [group, ...flatten(groupsOf(group.subGroups) ?? [])]);
}
