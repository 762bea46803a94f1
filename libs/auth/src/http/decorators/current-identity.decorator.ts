import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { requestOf } from '../guards/execution-context-request';
import { ACCESS_CONTEXT } from '../request-context';

/**
 * Injects the authenticated caller's `Identity` (or, with `'access'`, the whole access context:
 * identity, session id, token and claims).
 *
 * @example
 * @Get('profile') profile(@CurrentIdentity() me: Identity) { return me.username; }
 */
export const CurrentIdentity = createParamDecorator((part: 'identity' | 'access' | undefined, context: ExecutionContext) => {
  // The same request the guard authenticated: over HTTP, or inside a GraphQL resolver.
  const access = requestOf(context)[ACCESS_CONTEXT];
  return part === 'access' ? access : access?.identity;
});
