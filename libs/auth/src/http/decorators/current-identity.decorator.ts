import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ACCESS_CONTEXT, RequestWithAccess } from '../request-context';

/**
 * Injects the authenticated caller's `Identity` (or, with `'access'`, the whole access context:
 * identity, session id, token and claims).
 *
 * @example
 * @Get('profile') profile(@CurrentIdentity() me: Identity) { return me.username; }
 */
export const CurrentIdentity = createParamDecorator((part: 'identity' | 'access' | undefined, context: ExecutionContext) => {
  const access = context.switchToHttp().getRequest<RequestWithAccess>()[ACCESS_CONTEXT];
  return part === 'access' ? access : access?.identity;
});
