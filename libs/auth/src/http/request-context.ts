import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from '../domain/identity';
import type { AccessContext } from '../application/tokens/access-context';

/** Where the authentication guard leaves the caller on the request object. */
export const ACCESS_CONTEXT = Symbol('stepgate.access-context');

export type RequestWithAccess = { [ACCESS_CONTEXT]?: AccessContext; headers: Record<string, string | string[] | undefined>; ip?: string };

/** Filled by the authentication guard once the caller is known. */
export interface AccessHolder {
  access?: AccessContext;
}

/**
 * `RequestContextGuard` enters a fresh holder at the start of every request (`enterWith`, as
 * nestjs-cls's guard does) and the authentication guard fills it, instead of an interceptor
 * wrapping the handler: any interceptor makes Nest run every
 * route through an RxJS pipeline, which cost about a fifth of a trivial route's throughput.
 */
export const requestContext = new AsyncLocalStorage<AccessHolder>();

/**
 * The identity of the caller of the request being handled, from anywhere in its call chain
 * (services, repositories, event handlers it awaits). Undefined on public routes and outside requests.
 *
 * @example
 * const owner = getIdentity()?.userId;
 */
export function getIdentity(): Identity | undefined {
  return requestContext.getStore()?.access?.identity;
}

/**
 * The raw bearer token of the request being handled, to forward to a downstream API.
 *
 * @example
 * await fetch(url, { headers: { authorization: `Bearer ${getAccessToken()}` } });
 */
export function getAccessToken(): string | undefined {
  return requestContext.getStore()?.access?.accessToken;
}
