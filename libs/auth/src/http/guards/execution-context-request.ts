import type { ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '../../domain/auth-error';
import type { RequestWithAccess } from '../request-context';

/**
 * The HTTP request a guard reads the caller from, in any context type it runs in. Over HTTP, the
 * request. In a GraphQL resolver, the request the server put in the GraphQL context (`args[2]`, as
 * `GqlExecutionContext.getContext()` reads it: `req` with Apollo, `reply.request` with Mercurius),
 * so a resolver is guarded as a route is. RPC and WebSocket handlers carry no request with a bearer
 * header: they are refused, as a guard that let them through would leave them open to anyone. A
 * `@Public()` handler is let through before this is asked.
 */
export function requestOf(context: ExecutionContext): RequestWithAccess {
  const type = context.getType<string>();
  if (type === 'http') return context.switchToHttp().getRequest<RequestWithAccess>();
  const request = type === 'graphql' ? graphqlRequestOf(context.getArgByIndex(2)) : undefined;
  if (!isRequest(request)) {
    throw new UnauthenticatedError(`A ${type} handler cannot be authenticated here; mark it @Public() and authenticate it another way.`);
  }
  return request;
}

function graphqlRequestOf(graphqlContext: unknown): unknown {
  const context = graphqlContext as { req?: unknown; request?: unknown; reply?: { request?: unknown } } | undefined;
  return context?.req ?? context?.request ?? context?.reply?.request;
}

function isRequest(value: unknown): value is RequestWithAccess {
  const headers = (value as { headers?: unknown } | null | undefined)?.headers;
  return typeof headers === 'object' && headers !== null;
}
