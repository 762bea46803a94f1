import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from '../domain/identity';
import type { AccessContext } from '../application/tokens/access-context';

/** Where the authentication guard leaves the caller on the request object. */
export const ACCESS_CONTEXT = Symbol('stepgate.access-context');

export type RequestWithAccess = { [ACCESS_CONTEXT]?: AccessContext; headers: Record<string, string | string[] | undefined>; ip?: string };

/** Filled by the authentication guard once the caller is known. */
export interface AccessHolder {
  access?: AccessContext;
  /** The query bus of the module that verified `access`: another app in the process must not take it for its own caller. */
  verifiedBy?: object;
}

/**
 * With `requestContext: true`, `RequestContextGuard` enters a fresh holder at the start of every
 * request (`enterWith`, as nestjs-cls's guard does) and the authentication guard fills it, instead of
 * an interceptor wrapping the handler: any interceptor makes Nest run every route through an RxJS
 * pipeline, which cost about a fifth of a trivial route's throughput. Off by default: once any
 * AsyncLocalStorage is entered, Node 20 and 22 run a hook on every promise the process creates,
 * which costs every route, guarded or not (README, "Performance").
 */
export const requestContext = new AsyncLocalStorage<AccessHolder>();

let enabled = false;

/** Called when a module with `requestContext: true` starts, so that the readers below may answer. */
export function enableRequestContext(): void {
  enabled = true;
}

function heldAccess(reader: string): AccessContext | undefined {
  if (!enabled) {
    // Answering undefined would read as "nobody is signed in" to code that is in fact guarded.
    throw new Error(`${reader}() needs the request context: AuthModule.forRoot({ ..., requestContext: true }). Or read the caller with @CurrentIdentity().`);
  }
  return requestContext.getStore()?.access;
}

/**
 * The identity of the caller of the request being handled, from anywhere in its call chain
 * (services, repositories, event handlers it awaits). Undefined on public routes and outside requests.
 * Needs `requestContext: true` in `AuthModule.forRoot`; throws without it.
 *
 * @example
 * const owner = getIdentity()?.userId;
 */
export function getIdentity(): Identity | undefined {
  return heldAccess('getIdentity')?.identity;
}

/**
 * The raw bearer token of the request being handled, to forward to a downstream API. Needs
 * `requestContext: true` in `AuthModule.forRoot`; throws without it.
 *
 * @example
 * await fetch(url, { headers: { authorization: `Bearer ${getAccessToken()}` } });
 */
export function getAccessToken(): string | undefined {
  return heldAccess('getAccessToken')?.accessToken;
}

/** Injection token: true when this module fills the request context (`requestContext: true`). */
export const REQUEST_CONTEXT_ENABLED = Symbol('stepgate.request-context-enabled');
