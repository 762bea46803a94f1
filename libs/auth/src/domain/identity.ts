/**
 * Who a user is, as the identity provider tells it: the claims a token carries and a guard trusts.
 * `groups` are the user's permits (RBAC); `attributes` feed attribute-based policies.
 */
export interface Identity {
  readonly userId: string;
  readonly username: string;
  readonly email?: string;
  readonly groups: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** True when the identity holds at least one of `groups` (an empty list matches nobody). */
export function hasAnyGroup(identity: Identity, groups: readonly string[]): boolean {
  return groups.some((group) => identity.groups.includes(group));
}

/** True when the identity holds every one of `groups`. */
export function hasAllGroups(identity: Identity, groups: readonly string[]): boolean {
  return groups.every((group) => identity.groups.includes(group));
}

/** True for an object shaped as an `Identity` (a non-empty `userId` and a list of groups): what a message claims to carry. */
export function isIdentity(value: unknown): value is Identity {
  const candidate = value as Identity | null | undefined;
  return typeof candidate?.userId === 'string' && candidate.userId !== '' && Array.isArray(candidate.groups);
}
