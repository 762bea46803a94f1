import { TokenInvalidError } from '../../domain/auth-error';
import type { Identity } from '../../domain/identity';
import type { VerifiedAccess } from '../../ports/access-token-verifier';
import { CLOCK_LEEWAY_SECONDS } from '../jwt/own-access-claims';
import { isObject } from './realm-keys';

/** What turns a realm token's claims into a caller. */
export interface RealmClaimsOptions {
  readonly clientId: string;
  readonly realmName: string;
  /** String claims copied into `identity.attributes`. */
  readonly attributeClaims: readonly string[];
  /** `acr` values that prove a second factor: such a token gains `mfa` in its `amr`. */
  readonly mfaAcrValues: readonly string[];
}

/** The times of a token whose `iat` and `exp` were checked. */
export interface RealmTokenTimes {
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export const refuse = (why: string): never => {
  throw new TokenInvalidError(`The token ${why}.`);
};

const isString = (value: unknown): value is string => typeof value === 'string';
const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A NumericDate claim (RFC 7519 section 2) in whole seconds, or undefined when absent. */
export function secondsClaim(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  return Number.isSafeInteger(value) ? (value as number) : refuse(`has a malformed ${name}`);
}

/** `iat`, required and not ahead of this server's clock by more than the leeway the module's own tokens get. */
export function issuedAtOf(payload: Record<string, unknown>, nowSeconds: number): number {
  const iat = secondsClaim(payload, 'iat') ?? refuse('has no issue time');
  return iat > nowSeconds + CLOCK_LEEWAY_SECONDS ? refuse('was issued in the future') : iat;
}

/** RFC 7519 section 4.1.3: `aud` is one string or a list of them; anything else is refused, not ignored. */
export function audiencesOf(aud: unknown): readonly string[] {
  if (aud === undefined) return [];
  if (isString(aud)) return [aud];
  return Array.isArray(aud) && aud.every(isString) ? aud : refuse('has a malformed audience');
}

/**
 * The caller a verified realm access token describes. Every claim read is type-checked and refused
 * when wrong, never skipped: a string `groups` would make `@RequireGroups('staff')` test a substring
 * of it, and a malformed role list is a token Keycloak did not issue.
 */
export function realmAccessOf(payload: Record<string, unknown>, options: RealmClaimsOptions, times: RealmTokenTimes): VerifiedAccess {
  const { sid, jti, acr, amr } = payload;
  const identity = identityOf(payload, options);
  if ((sid !== undefined && !isName(sid)) || (jti !== undefined && !isName(jti))) refuse('has a malformed sid or jti');
  if ((acr !== undefined && !isString(acr)) || (amr !== undefined && !(Array.isArray(amr) && amr.every(isString)))) refuse('has a malformed acr or amr');
  const level = (acr as string | undefined) ?? '1';
  const methods = [...((amr as string[] | undefined) ?? [])];
  if (options.mfaAcrValues.includes(level) && !methods.includes('mfa')) methods.push('mfa');
  return Object.freeze({
    source: 'keycloak',
    identity,
    // Service-account tokens carry no `sid`; `jti`, then `sub`, still name what the token belongs to.
    sessionId: (sid ?? jti ?? identity.userId) as string,
    // The module holds no session for a realm token: the realm does, and only introspection asks it.
    sessionChecked: false,
    acr: level,
    amr: Object.freeze(methods),
    // Without `auth_time` the token says nothing of when the user authenticated (Keycloak's
    // password-grant and refreshed tokens carry none, and `iat` is renewed by each refresh): 0, so
    // it never passes for a recent sign-in.
    authTime: secondsClaim(payload, 'auth_time') ?? 0,
    expiresAt: times.expiresAt,
    claims: Object.freeze(payload),
  });
}

function identityOf(payload: Record<string, unknown>, options: RealmClaimsOptions): Identity {
  const { sub, preferred_username, email } = payload;
  if (!isName(sub)) refuse('names no subject');
  if (preferred_username !== undefined && !isName(preferred_username)) refuse('has a malformed preferred_username');
  if (email !== undefined && !isString(email)) refuse('has a malformed email');
  return Object.freeze({
    userId: sub as string,
    username: (preferred_username ?? sub) as string,
    ...(email === undefined ? {} : { email: email as string }),
    groups: Object.freeze(groupsOf(payload, options)),
    attributes: Object.freeze(attributesOf(payload, options.attributeClaims)),
  });
}

/** The realm roles Keycloak gives every user, which are never permits (a permit everyone has grants nothing). */
export function rolesEveryUserHolds(realmName: string): ReadonlySet<string> {
  return new Set(['offline_access', 'uma_authorization', `default-roles-${realmName.toLowerCase()}`]);
}

/**
 * Groups, realm roles and this client's roles, as one list of permits. The roles every realm user
 * holds are left out: a permit everyone has grants nothing, and `default-roles-<realm>` (Keycloak
 * spells the realm in lower case there) would let any signed-in user pass a check naming it.
 */
function groupsOf(payload: Record<string, unknown>, { clientId, realmName }: RealmClaimsOptions): string[] {
  const everyone = rolesEveryUserHolds(realmName);
  const clients = objectClaim(payload.resource_access, 'resource_access');
  const names = [
    // A mapper with "full group path" on sends `/parent/child`; the permit is the group's own name.
    ...namesOf(payload.groups, 'groups').map((group) => (group.startsWith('/') ? group.slice(group.lastIndexOf('/') + 1) : group)),
    ...namesOf(objectClaim(payload.realm_access, 'realm_access')?.roles, 'realm roles'),
    ...namesOf(objectClaim(clients?.[clientId], 'client access')?.roles, 'client roles'),
  ];
  if (!names.every(isName)) refuse('names an empty group or role');
  return [...new Set(names)].filter((name) => !everyone.has(name));
}

function namesOf(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every(isName) ? value : refuse(`has malformed ${what}`);
}

function objectClaim(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return isObject(value) ? value : refuse(`has a malformed ${what}`);
}

function attributesOf(payload: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of names) {
    const value = payload[name];
    if (value === undefined) continue;
    // A multivalued user attribute arrives as a list; a policy comparing strings must not see one.
    attributes[name] = isString(value) ? value : refuse(`has a malformed ${name}`);
  }
  return attributes;
}
