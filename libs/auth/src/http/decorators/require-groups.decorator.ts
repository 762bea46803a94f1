import { SetMetadata } from '@nestjs/common';

export const REQUIRED_GROUPS = 'stepgate:required-groups';

/** Which groups `@RequireGroups` asks for: any one of `anyOf`, and every one of `allOf`. */
export interface GroupRequirement {
  /** The caller needs at least one of these. */
  readonly anyOf?: readonly string[];
  /** The caller needs every one of these. */
  readonly allOf?: readonly string[];
}

/**
 * Restricts a route (or a controller) to callers holding groups (permits); others get 403 `FORBIDDEN`.
 * A list of names means any one of them; pass `{ allOf: [...] }` to need all. Naming no group is
 * an error when the decorator is applied.
 *
 * @example
 * @RequireGroups('admin')                       // admin
 * @RequireGroups('editor', 'admin')             // editor or admin
 * @RequireGroups({ allOf: ['staff', 'editor'] }) // staff and editor
 */
export function RequireGroups(...groups: string[]): MethodDecorator & ClassDecorator;
export function RequireGroups(requirement: GroupRequirement): MethodDecorator & ClassDecorator;
export function RequireGroups(...args: Array<string | GroupRequirement>): MethodDecorator & ClassDecorator {
  const requirement: GroupRequirement =
    typeof args[0] === 'object' ? args[0] : { anyOf: args.filter((arg): arg is string => typeof arg === 'string') };
  assertNamesGroups(requirement);
  return SetMetadata(REQUIRED_GROUPS, requirement);
}

// A requirement naming no group is met by every caller: thrown where the decorator is applied,
// while the app's classes load, rather than leaving the route open until someone notices.
function assertNamesGroups({ anyOf = [], allOf = [] }: GroupRequirement): void {
  const names = [...anyOf, ...allOf];
  if (names.length === 0 || names.some((name) => typeof name !== 'string' || name === '')) {
    throw new Error('@RequireGroups() needs at least one group, and every group a non-empty name');
  }
}
