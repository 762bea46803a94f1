import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { enableRequestContext, requestContext } from '../request-context';

/**
 * Gives every HTTP request (and GraphQL operation) a fresh, empty request context before any other
 * guard runs. Registered with `requestContext: true` (whatever `globalGuards` says): the context is
 * entered on a resource that a keep-alive connection shares between its requests, so without this
 * reset a route that no authentication guard protects could see the caller of the connection's
 * previous request in `getIdentity()`.
 */
@Injectable()
export class RequestContextGuard implements CanActivate {
  constructor() {
    enableRequestContext();
  }

  canActivate(context: ExecutionContext): boolean {
    // A GraphQL operation rides an HTTP request that a keep-alive connection shares as well.
    const type = context.getType<string>();
    if (type === 'http' || type === 'graphql') requestContext.enterWith({});
    return true;
  }
}
