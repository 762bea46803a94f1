import type { QueryBus } from '@nestjs/cqrs';
import { AuthenticateAccessTokenQuery } from '../application/tokens/authenticate-access-token.query';
import type { AccessContext } from '../application/tokens/access-context';
import { UnauthenticatedError } from '../domain/auth-error';
import { bearerTokenOf } from './guards/authentication.guard';
import type { RequestWithAccess } from './request-context';

/**
 * The caller of a public route that needs one for some requests only (`/auth/otp/*` with a
 * `correlation_id`): the bearer token is verified as the guard would, and its absence is a 401.
 */
export async function signedInCallerOf(request: RequestWithAccess, queries: QueryBus, whyNeeded?: string): Promise<AccessContext> {
  const token = bearerTokenOf(request.headers.authorization);
  if (!token) throw new UnauthenticatedError(whyNeeded);
  return queries.execute(new AuthenticateAccessTokenQuery(token));
}

/** The user and session an access context stands for. */
export const userAndSessionOf = (access: AccessContext) => ({ userId: access.identity.userId, sessionId: access.sessionId });
