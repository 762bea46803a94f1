import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../decorators/public.decorator';
import type { GroupRequirement } from '../decorators/require-groups.decorator';
import { AuthenticationGuard } from './authentication.guard';
import { GroupsGuard } from './groups.guard';
import { HandlerMetadata } from './handler-metadata';

/** What a route asks of its caller, decided from its metadata the first time it is called. */
interface RoutePlan {
  readonly isPublic: boolean;
  readonly groups: GroupRequirement | undefined;
}

/**
 * The app-wide guard `AuthModule` registers (unless `globalGuards: false`): authentication, then
 * `@RequireGroups`, as one guard. Nest awaits every guard of every route in turn, so one guard with
 * the route's plan in hand costs a route less than two guards each reading their own metadata; a
 * `@Public()` route is answered without a promise.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly plans: HandlerMetadata<RoutePlan, boolean>;

  constructor(
    reflector: Reflector,
    private readonly authentication: AuthenticationGuard,
    private readonly groups: GroupsGuard,
  ) {
    this.plans = new HandlerMetadata(reflector, IS_PUBLIC, (isPublic, context): RoutePlan => ({
      isPublic: isPublic === true,
      groups: this.groups.requirementOf(context),
    }));
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const plan = this.plans.of(context)!;
    // A public route with a group requirement still answers 401: no caller is identified there.
    if (plan.isPublic) return this.groups.check(context, plan.groups);
    if (!plan.groups) return this.authentication.authenticate(context);
    return this.authentication.authenticate(context).then(() => this.groups.check(context, plan.groups));
  }
}
