import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { UnauthenticatedError } from '../../domain/auth-error';
import { AuthenticateAccessTokenQuery } from '../../application/tokens/authenticate-access-token.query';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { ACCESS_CONTEXT, requestContext } from '../request-context';
import { HandlerMetadata } from './handler-metadata';
import { requestOf } from './execution-context-request';

/**
 * The global guard: every HTTP route needs a valid bearer access token unless it is `@Public()`.
 * Registered by `AuthModule` as an APP_GUARD (see the `globalGuards` option).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly isPublic: HandlerMetadata<boolean>;

  constructor(
    reflector: Reflector,
    private readonly queries: QueryBus,
  ) {
    this.isPublic = new HandlerMetadata(reflector, IS_PUBLIC);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic.of(context)) return true;
    // RequestContextGuard entered an empty holder for this request; entering one here, synchronously
    // before any await, covers an app that registers this guard some other way.
    let holder = requestContext.getStore();
    if (!holder) requestContext.enterWith((holder = {}));
    const request = requestOf(context);
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    const access = await this.queries.execute(new AuthenticateAccessTokenQuery(token));
    request[ACCESS_CONTEXT] = access;
    holder.access = access;
    return true;
  }
}

// RFC 6750 section 2.1: the scheme is case-insensitive; anything else in the header is not a token.
function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  return match?.[1];
}
