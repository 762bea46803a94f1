import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../../domain/auth-error';
import { hasAllGroups, hasAnyGroup } from '../../domain/identity';
import { GroupRequirement, REQUIRED_GROUPS } from '../decorators/require-groups.decorator';
import { ACCESS_CONTEXT } from '../request-context';
import { HandlerMetadata } from './handler-metadata';
import { requestOf } from './execution-context-request';

/** Enforces `@RequireGroups(...)` after `AuthenticationGuard` has identified the caller. */
@Injectable()
export class GroupsGuard implements CanActivate {
  private readonly requirement: HandlerMetadata<GroupRequirement>;

  constructor(reflector: Reflector) {
    this.requirement = new HandlerMetadata(reflector, REQUIRED_GROUPS);
  }

  /** The route's `@RequireGroups(...)`, read once per handler. */
  requirementOf(context: ExecutionContext): GroupRequirement | undefined {
    return this.requirement.of(context);
  }

  canActivate(context: ExecutionContext): boolean {
    return this.check(context, this.requirement.of(context));
  }

  /** True when the caller the authentication guard identified meets `requirement` (none: anyone). */
  check(context: ExecutionContext, requirement: GroupRequirement | undefined): true {
    if (!requirement) return true;
    const identity = requestOf(context)[ACCESS_CONTEXT]?.identity;
    if (!identity) throw new UnauthenticatedError();
    const allowed =
      (!requirement.anyOf?.length || hasAnyGroup(identity, requirement.anyOf)) &&
      (!requirement.allOf?.length || hasAllGroups(identity, requirement.allOf));
    if (!allowed) throw new ForbiddenError();
    return true;
  }
}
