// Threats: (1) guarded code that reads `getIdentity()` in an app that never turned the request
// context on would see "nobody is signed in" and could take the anonymous branch; (2) a request
// context nobody asked for makes Node run a hook on every promise of the process, a cost every
// route pays. Off by default, then, and loud when read while off.
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { QueryBus } from '@nestjs/cqrs';
import { describe, expect, it } from 'vitest';
import { AuthenticationGuard } from './guards/authentication.guard';
import { RequestContextGuard } from './guards/request-context.guard';
import { ACCESS_CONTEXT, getAccessToken, getIdentity, requestContext } from './request-context';

const access = { identity: { userId: 'u1', username: 'ann', groups: [] }, accessToken: 'tkn' };
const queries = { execute: async () => access } as unknown as QueryBus;

class Routes {
  closed() {}
}

function httpContext(request: object): ExecutionContext {
  const args = [request, {}, () => {}];
  return {
    getType: () => 'http',
    getClass: () => Routes,
    getHandler: () => Routes.prototype.closed,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => args[0] }),
  } as unknown as ExecutionContext;
}

// One file, one module instance (vitest isolates files): the order of these cases is the point.
describe('the request context, off unless asked for', () => {
  it('refuses to answer getIdentity() and getAccessToken() rather than answer "nobody"', () => {
    expect(() => getIdentity()).toThrow(/requestContext: true/);
    expect(() => getAccessToken()).toThrow(/requestContext: true/);
  });

  it('authenticates without entering any AsyncLocalStorage, leaving the caller on the request', async () => {
    const request = { headers: { authorization: 'Bearer tkn' } };
    await new AuthenticationGuard(new Reflector(), queries).canActivate(httpContext(request));
    expect((request as Record<symbol, unknown>)[ACCESS_CONTEXT]).toBe(access);
    expect(requestContext.getStore()).toBeUndefined();
  });

  it('answers once a module turned it on, and the guard fills the holder the request entered', async () => {
    const contextGuard = new RequestContextGuard();
    const request = { headers: { authorization: 'Bearer tkn' } };
    contextGuard.canActivate(httpContext(request));
    expect(getIdentity()).toBeUndefined();
    await new AuthenticationGuard(new Reflector(), queries, true).canActivate(httpContext(request));
    expect(getIdentity()).toEqual(access.identity);
    expect(getAccessToken()).toBe('tkn');
  });
});
