import type { ResourceFinder, ResourcePolicy } from '../../domain/authorization/authorization-rule';

/** The declared resource types as the handler decorators need them: how to find one, and which action hides it. */
export class AuthorizationSettings {
  constructor(private readonly resources: Readonly<Record<string, ResourcePolicy>>) {}

  readActionOf(resourceType: string): string {
    return this.policyOf(resourceType).readAction ?? 'read';
  }

  finderOf(resourceType: string): (abstract new (...args: never[]) => ResourceFinder) | undefined {
    return this.policyOf(resourceType).finder;
  }

  private policyOf(resourceType: string): ResourcePolicy {
    const policy = Object.hasOwn(this.resources, resourceType) ? this.resources[resourceType] : undefined;
    if (!policy) throw new Error(`No authorization rules are declared for the resource type "${resourceType}".`);
    return policy;
  }
}
