import type { QueryBus } from '@nestjs/cqrs';
import { AuthenticateAccessTokenQuery } from '../application/tokens/authenticate-access-token.query';
import type { AccessContext } from '../application/tokens/access-context';
import { UnauthenticatedError } from '../domain/auth-error';
import type { RequestWithAccess } from './request-context';

/**
 * The caller a bearer token names, verified through `AuthenticateAccessTokenQuery`; no token is a
 * 401 (`whyNeeded` says why, for a public route that needs one for some requests only, such as
 * `/auth/otp/*` with a `correlation_id`). The guards and those routes share it.
 */
export async function signedInCallerOf(request: RequestWithAccess, queries: QueryBus, whyNeeded?: string): Promise<AccessContext> {
  const token = bearerTokenOf(request.headers.authorization);
  if (!token) throw new UnauthenticatedError(whyNeeded);
  return queries.execute(new AuthenticateAccessTokenQuery(token));
}

/** The user and session an access context stands for. */
export const userAndSessionOf = (access: AccessContext) => ({ userId: access.identity.userId, sessionId: access.sessionId });

// RFC 6750 section 2.1: the scheme is case-insensitive; anything else in the header is not a token.
function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  return match?.[1];
}
