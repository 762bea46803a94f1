import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import type { AuthorizationOptions, ResourcePolicy } from '../../domain/authorization/authorization-rule';
import type { AuthorizationFilter } from '../../domain/authorization/filter-condition';
import type { Identity } from '../../domain/identity';
import { AuthorizationPolicy } from '../../ports/authorization-policy';
import { AuthorizationRuleError, checkedRule } from './rule-conditions';
import { sqlSemanticsMatcher } from './sql-semantics';
import { filterConditionOf } from './ucast-to-filter';

type Ability = MongoAbility<[string, string]>;

// A stand-in identity to run each resource's rules once at start-up, so a malformed rule fails the boot.
const PROBE: Identity = Object.freeze({ userId: 'probe', username: 'probe', groups: Object.freeze([]), attributes: Object.freeze({}) });

/**
 * The `authorization` option's rules, evaluated by CASL: one ability per identity and resource
 * type, from which `can` checks a loaded resource, `rulesToAST` gives the database filter, and
 * `permittedActions` tries each declared action. Abilities are kept for frozen identities (those
 * of verified access tokens), which cannot change under a kept ability.
 */
export class CaslAuthorizationPolicy extends AuthorizationPolicy {
  private readonly abilities = new WeakMap<Identity, Map<string, Ability>>();

  constructor(private readonly options: AuthorizationOptions) {
    super();
    for (const [resourceType, policy] of Object.entries(options.resources)) {
      checkDeclaration(resourceType, policy);
      // CASL parses conditions when first used; parse the probe's now, so a bad rule fails the boot.
      const ability = this.buildAbility(PROBE, resourceType);
      for (const action of policy.actions) for (const rule of ability.rulesFor(action, resourceType)) void rule.ast;
    }
  }

  resourceTypes(): readonly string[] {
    return Object.keys(this.options.resources);
  }

  actionsOf(resourceType: string): readonly string[] {
    return this.policyOf(resourceType).actions;
  }

  can(identity: Identity, action: string, resourceType: string, resource: object): boolean {
    return this.abilityOf(identity, resourceType).can(action, resource as never);
  }

  permittedActions(identity: Identity, resourceType: string, resource: object): string[] {
    const ability = this.abilityOf(identity, resourceType);
    return this.policyOf(resourceType).actions.filter((action) => ability.can(action, resource as never));
  }

  filterFor(identity: Identity, action: string, resourceType: string): AuthorizationFilter {
    const ast = rulesToAST(this.abilityOf(identity, resourceType), action, resourceType);
    if (ast === null) return { deniedAll: true };
    if (ast.operator === 'and' && Array.isArray(ast.value) && ast.value.length === 0) return { grantedAll: true };
    return { condition: filterConditionOf(ast) };
  }

  private policyOf(resourceType: string): ResourcePolicy {
    const policy = Object.hasOwn(this.options.resources, resourceType) ? this.options.resources[resourceType] : undefined;
    if (!policy) throw new Error(`No authorization rules are declared for the resource type "${resourceType}".`);
    return policy;
  }

  private abilityOf(identity: Identity, resourceType: string): Ability {
    const kept = Object.isFrozen(identity) ? this.abilities.get(identity)?.get(resourceType) : undefined;
    if (kept) return kept;
    const ability = this.buildAbility(identity, resourceType);
    if (Object.isFrozen(identity)) {
      const byType = this.abilities.get(identity) ?? new Map<string, Ability>();
      byType.set(resourceType, ability);
      this.abilities.set(identity, byType);
    }
    return ability;
  }

  private buildAbility(identity: Identity, resourceType: string): Ability {
    const policy = this.policyOf(resourceType);
    const declared = new Set(policy.actions);
    const rules: RawRuleOf<Ability>[] = [];
    for (const rule of policy.rules(identity)) {
      const checked = checkedRule(resourceType, rule);
      if (!checked) continue;
      const actions = typeof checked.action === 'string' ? [checked.action] : [...checked.action];
      const undeclared = actions.find((action) => !declared.has(action));
      if (undeclared !== undefined) throw new AuthorizationRuleError(resourceType, `the action "${undeclared}" is not in its declared actions (${policy.actions.join(', ')})`);
      rules.push({ ...checked, action: actions, subject: resourceType } as RawRuleOf<Ability>);
    }
    // Every object checked against this ability is of this one type: the app's rows are not tagged.
    return createMongoAbility<Ability>(rules, { conditionsMatcher: sqlSemanticsMatcher as never, detectSubjectType: () => resourceType });
  }
}

function checkDeclaration(resourceType: string, policy: ResourcePolicy): void {
  if (!policy || typeof policy.rules !== 'function') throw new AuthorizationRuleError(resourceType, '`rules` must be a function of the identity');
  if (!Array.isArray(policy.actions) || policy.actions.length === 0) throw new AuthorizationRuleError(resourceType, '`actions` must list the actions its rules grant');
  if (policy.actions.includes('manage')) throw new AuthorizationRuleError(resourceType, '"manage" is CASL\'s every-action wildcard; list the actions instead');
  const readAction = policy.readAction ?? 'read';
  if (!policy.actions.includes(readAction)) throw new AuthorizationRuleError(resourceType, `its read action "${readAction}" is not in its actions`);
}
