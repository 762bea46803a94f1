// Threat: guards that fail open outside HTTP. Both guards returned true for GraphQL, RPC and
// WebSocket contexts, so a resolver or message handler in an app that adopted the global guard ran
// for anyone; and `@RequireGroups()` with no group admitted every caller.
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { QueryBus } from '@nestjs/cqrs';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../domain/auth-error';
import { Public } from '../decorators/public.decorator';
import { RequireGroups } from '../decorators/require-groups.decorator';
import { ACCESS_CONTEXT } from '../request-context';
import { AuthenticationGuard } from './authentication.guard';
import { GroupsGuard } from './groups.guard';
import { AccessGuard } from './access.guard';

class Handlers {
  @Public() open() {}
  closed() {}
  @RequireGroups('admin') adminOnly() {}
  @RequireGroups('staff') staffOnly() {}
  @Public() @RequireGroups('staff') publicButGrouped() {}
}

const access = { identity: { userId: 'u1', username: 'ann', groups: ['staff'] }, accessToken: 'tkn' };
const queries = { execute: async () => access } as unknown as QueryBus;
const authentication = new AuthenticationGuard(new Reflector(), queries);
const groups = new GroupsGuard(new Reflector());

type ContextType = 'http' | 'graphql' | 'rpc' | 'ws';

/** A context as Nest builds it: HTTP args are [req, res, next]; GraphQL's are [root, args, context, info]. */
function contextOf(type: ContextType, handler: keyof Handlers, request?: object): ExecutionContext {
  const args = type === 'http' ? [request, {}, () => {}] : type === 'graphql' ? [{}, {}, request ? { req: request } : {}, {}] : [{ data: 1 }, {}];
  return {
    getType: () => type,
    getClass: () => Handlers,
    getHandler: () => Handlers.prototype[handler],
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => args[0], getResponse: () => args[1], getNext: () => args[2] }),
  } as unknown as ExecutionContext;
}

const withToken = () => ({ headers: { authorization: 'Bearer tkn' } });

describe('the guards outside HTTP', () => {
  it.each(['rpc', 'ws'] as const)('refuse a %s handler that is not @Public()', async (type) => {
    await expect(authentication.canActivate(contextOf(type, 'closed'))).rejects.toThrow(UnauthenticatedError);
    expect(() => groups.canActivate(contextOf(type, 'adminOnly'))).toThrow(UnauthenticatedError);
  });

  it.each(['rpc', 'ws', 'graphql'] as const)('let a @Public() %s handler run', async (type) => {
    expect(await authentication.canActivate(contextOf(type, 'open'))).toBe(true);
  });

  it("authenticate a GraphQL resolver from the context's request, and enforce its groups", async () => {
    const request = withToken();
    await expect(authentication.canActivate(contextOf('graphql', 'adminOnly', request))).resolves.toBe(true);
    expect((request as Record<symbol, unknown>)[ACCESS_CONTEXT]).toBe(access);
    expect(() => groups.canActivate(contextOf('graphql', 'adminOnly', request))).toThrow(ForbiddenError);
  });

  it('refuse a GraphQL resolver without a bearer token, or whose context carries no request', async () => {
    await expect(authentication.canActivate(contextOf('graphql', 'closed', { headers: {} }))).rejects.toThrow(UnauthenticatedError);
    await expect(authentication.canActivate(contextOf('graphql', 'closed'))).rejects.toThrow(UnauthenticatedError);
  });

  it('still authenticate HTTP as before', async () => {
    await expect(authentication.canActivate(contextOf('http', 'closed', withToken()))).resolves.toBe(true);
    await expect(authentication.canActivate(contextOf('http', 'closed', { headers: {} }))).rejects.toThrow(UnauthenticatedError);
  });
});

// The guard AuthModule registers for the whole app: the same answers as the two guards in turn.
describe('the app-wide access guard in every context', () => {
  const guard = new AccessGuard(new Reflector(), authentication, groups);
  // A guard may answer synchronously or with a promise; Nest treats a throw as a refusal either way.
  const decide = (context: ExecutionContext) => Promise.resolve().then(() => guard.canActivate(context));

  it.each(['rpc', 'ws'] as const)('refuses a %s handler that is not @Public()', async (type) => {
    await expect(decide(contextOf(type, 'closed'))).rejects.toThrow(UnauthenticatedError);
    await expect(decide(contextOf(type, 'adminOnly'))).rejects.toThrow(UnauthenticatedError);
  });

  it.each(['rpc', 'ws', 'graphql', 'http'] as const)('lets a @Public() %s handler run, answering without a promise', (type) => {
    expect(guard.canActivate(contextOf(type, 'open'))).toBe(true);
  });

  it("authenticates a GraphQL resolver from the context's request, and enforces its groups", async () => {
    const request = withToken();
    await expect(decide(contextOf('graphql', 'adminOnly', request))).rejects.toThrow(ForbiddenError);
    expect((request as Record<symbol, unknown>)[ACCESS_CONTEXT]).toBe(access);
    await expect(decide(contextOf('graphql', 'staffOnly', withToken()))).resolves.toBe(true);
  });

  it('authenticates HTTP: a token passes, no token is 401, a missing group is 403', async () => {
    await expect(decide(contextOf('http', 'closed', withToken()))).resolves.toBe(true);
    await expect(decide(contextOf('http', 'closed', { headers: {} }))).rejects.toThrow(UnauthenticatedError);
    await expect(decide(contextOf('http', 'adminOnly', withToken()))).rejects.toThrow(ForbiddenError);
    await expect(decide(contextOf('http', 'staffOnly', withToken()))).resolves.toBe(true);
  });

  it('answers 401 on a @Public() route that requires groups: nobody is identified there', async () => {
    await expect(decide(contextOf('http', 'publicButGrouped', withToken()))).rejects.toThrow(UnauthenticatedError);
  });
});

describe('@RequireGroups without a group', () => {
  it.each([[[]], [[{}]], [[{ anyOf: [], allOf: [] }]], [['']], [[{ allOf: [''] }]]])('is refused when applied: %j', (args) => {
    expect(() => (RequireGroups as (...a: unknown[]) => unknown)(...args)).toThrow(/RequireGroups/);
  });

  it('is refused on a class at start-up, before any request', () => {
    const requireGroups = RequireGroups as (...a: unknown[]) => ClassDecorator;
    expect(() => {
      @requireGroups()
      class Empty {}
      return Empty;
    }).toThrow(/RequireGroups/);
  });
});
