import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { signedInCallerOf } from '../caller';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { ACCESS_CONTEXT, REQUEST_CONTEXT_ENABLED, requestContext } from '../request-context';
import { HandlerMetadata } from './handler-metadata';
import { requestOf } from './execution-context-request';

/**
 * Every HTTP route needs a valid bearer access token unless it is `@Public()`. `AuthModule`
 * registers it for the whole app (with `GroupsGuard`, as one guard) unless `globalGuards: false`;
 * then use `@UseGuards(AuthenticationGuard, GroupsGuard)`.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly isPublic: HandlerMetadata<boolean>;

  constructor(
    reflector: Reflector,
    private readonly queries: QueryBus,
    @Optional() @Inject(REQUEST_CONTEXT_ENABLED) private readonly fillsRequestContext: boolean = false,
  ) {
    this.isPublic = new HandlerMetadata(reflector, IS_PUBLIC);
  }

  // Not async: a public route gets its answer without a promise to await.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic.of(context)) return true;
    return this.authenticate(context);
  }

  /** Identifies the caller from the bearer token and leaves the access context on the request. */
  async authenticate(context: ExecutionContext): Promise<true> {
    // RequestContextGuard entered this request's empty holder; it is read before any await, while
    // the request's own async context is the current one.
    const holder = this.fillsRequestContext ? requestContext.getStore() : undefined;
    const request = requestOf(context);
    const access = await signedInCallerOf(request, this.queries);
    request[ACCESS_CONTEXT] = access;
    if (holder) {
      holder.access = access;
      holder.verifiedBy = this.queries;
    }
    return true;
  }
}
