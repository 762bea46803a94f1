import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../domain/auth-error';
import type { ResourceFinder } from '../../domain/authorization/authorization-rule';
import { type Identity, isIdentity } from '../../domain/identity';
import { AuthorizationPolicy } from '../../ports/authorization-policy';
import { AuthorizationSettings } from './authorization-settings';
import type { AuthorizeOptions, HandlerGuard, IdentityFrom, PermittedActionsOptions } from './handler-authorization.decorators';

/** Injection token: the identity of the HTTP request being handled, when the request context is on. */
export const REQUEST_IDENTITY = Symbol('stepgate.request-identity');
export type RequestIdentity = () => Identity | undefined;

/** What `@Authorize` and `@PermittedActions` do around a handler, with this module's policy. */
@Injectable()
export class HandlerAuthorization implements HandlerGuard {
  private readonly finders = new Map<string, ResourceFinder>();

  constructor(
    private readonly policy: AuthorizationPolicy,
    private readonly settings: AuthorizationSettings,
    private readonly modules: ModuleRef,
    @Inject(REQUEST_IDENTITY) private readonly requestIdentity: RequestIdentity,
  ) {}

  /** Fails the start-up for a decorator naming an undeclared resource type or action. */
  check(resource: string, action?: string): void {
    const actions = this.policy.actionsOf(resource);
    if (action !== undefined && !actions.includes(action)) throw new Error(`@Authorize names the action "${action}", which "${resource}" does not declare (${actions.join(', ')}).`);
    if (action !== undefined && !this.settings.finderOf(resource)) throw new Error(`@Authorize on "${resource}" needs a \`finder\` in its authorization declaration, to load the resource it checks.`);
  }

  identityFor(options: { identityFrom?: IdentityFrom<unknown> }, message: unknown): Identity {
    const candidate = options.identityFrom ? options.identityFrom(message) : (identityOfMessage(message) ?? this.requestIdentity());
    if (!isIdentity(candidate)) throw new UnauthenticatedError();
    return candidate;
  }

  async authorize(options: AuthorizeOptions<unknown>, message: unknown): Promise<void> {
    const identity = this.identityFor(options, message);
    const { resource, action } = options;
    // Made only when refusing: an error captures a stack trace, which a check that passes need not pay for.
    const notFound = () => new NotFoundError(capitalised(resource));
    const id = typeof options.idFrom === 'function' ? options.idFrom(message) : (message as Record<string, unknown> | null)?.[options.idFrom];
    if ((typeof id !== 'string' || id === '') && typeof id !== 'number') throw notFound();
    const found = await this.finderFor(resource).find(String(id));
    if (!found || typeof found !== 'object') throw notFound();
    // One who may not read it learns nothing of it, not even that it exists.
    if (!this.policy.can(identity, this.settings.readActionOf(resource), resource, found)) throw notFound();
    if (!this.policy.can(identity, action, resource, found)) throw new ForbiddenError(`You may not ${action} this ${resource}.`);
  }

  withPermittedActions(options: PermittedActionsOptions<unknown, unknown>, identity: Identity, result: unknown): unknown {
    const key = options.as ?? 'permitted_actions';
    const annotate = (item: unknown) => (item !== null && typeof item === 'object' ? withKey(item, key, this.policy.permittedActions(identity, options.resource, item)) : item);
    const annotateAll = (value: unknown) => (Array.isArray(value) ? value.map(annotate) : annotate(value));
    if (options.from === undefined) return annotateAll(result);
    if (result === null || typeof result !== 'object') return result;
    return withKey(result, options.from, annotateAll((result as Record<string, unknown>)[options.from]));
  }

  private finderFor(resource: string): ResourceFinder {
    const kept = this.finders.get(resource);
    if (kept) return kept;
    const token = this.settings.finderOf(resource);
    if (!token) throw new Error(`@Authorize on "${resource}" needs a \`finder\` in its authorization declaration.`);
    const finder = this.modules.get(token, { strict: false });
    this.finders.set(resource, finder);
    return finder;
  }
}

function identityOfMessage(message: unknown): Identity | undefined {
  const identity = (message as { identity?: unknown } | null)?.identity;
  return isIdentity(identity) ? identity : undefined;
}

// A copy with the same prototype: the handler's objects (an entity a cache may hold) stay as they were.
function withKey(item: object, key: string, value: unknown): object {
  return Object.assign(Object.create(Object.getPrototypeOf(item)), item, { [key]: value });
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
