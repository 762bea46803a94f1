import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { ElevationRequirement } from '../../application/step-up/verify-elevation.command';
import { resumableCommands } from '../../application/step-up/resume-operation.command';
import { VerifyElevationCommand } from '../../application/step-up/verify-elevation.command';
import type { AccessContext } from '../../application/tokens/access-context';
import type { StoredCommand } from '../../domain/pending-operation';
import { OWN_TOKEN_SOURCE } from '../../domain/access-token-claims';
import { ELEVATION_ROUTE, type ElevationRoute } from '../decorators/elevation-route';
import { AuthValidationPipe } from '../errors/validation.pipe';
import { signedInCallerOf } from '../caller';
import { ACCESS_CONTEXT, type RequestWithAccess } from '../request-context';
import { requestOf } from './execution-context-request';
import { HandlerMetadata } from './handler-metadata';

const ELEVATION_CHECKED = Symbol('stepgate.elevation-checked');

/** The route's requirement, derived once per handler. */
interface ElevationPlan {
  readonly route: ElevationRoute;
  readonly requirement: ElevationRequirement;
}

/**
 * Enforces `@VerifyElevation` (which applies it): after the caller is identified (by the app-wide
 * guard, or here when the app runs without it), the core decides through `VerifyElevationCommand`.
 * It needs only the global buses, so a route in any of the app's modules can use it without
 * importing `AuthModule` there.
 * A resumable route's body is validated and its command built here, before anything is stored: pipes
 * run after guards, and the command must not wait in the store on unchecked input.
 */
@Injectable()
export class ElevationGuard implements CanActivate {
  private readonly plans: HandlerMetadata<ElevationPlan | undefined, ElevationRoute>;
  private readonly bodies = new AuthValidationPipe();

  constructor(
    reflector: Reflector,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    this.plans = new HandlerMetadata(reflector, ELEVATION_ROUTE, (route) => (route ? { route, requirement: requirementOf(route) } : undefined));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.plans.of(context);
    if (!plan) return true;
    const request = requestOf(context) as RequestWithAccess & { [ELEVATION_CHECKED]?: true };
    // A class-level and a method-level @VerifyElevation each apply this guard; the method's
    // requirement wins (getAllAndOverride), and is checked once: a second check would find a
    // one-shot elevation already spent.
    if (request[ELEVATION_CHECKED]) return true;
    const access = request[ACCESS_CONTEXT] ?? (request[ACCESS_CONTEXT] = await signedInCallerOf(request, this.queries));
    const resume = plan.route.command ? await this.commandOf(plan.route, request, access) : undefined;
    await this.commands.execute(new VerifyElevationCommand(callerOf(access), plan.requirement, resume));
    request[ELEVATION_CHECKED] = true;
    return true;
  }

  private async commandOf(route: ElevationRoute, request: RequestWithAccess, access: AccessContext): Promise<StoredCommand> {
    const { type, body, build } = route.command!;
    // Without a body DTO the body is not read: unchecked input never waits in the store.
    const validated = body ? ((await this.bodies.transform((request as { body?: unknown }).body ?? {}, { type: 'body', metatype: body })) as object) : {};
    const params = (request as { params?: Record<string, string> }).params ?? {};
    return resumableCommands.store(build({ body: validated, identity: access.identity, params }), type);
  }
}

function requirementOf(route: ElevationRoute): ElevationRequirement {
  return {
    operation: route.operation,
    maxAgeSeconds: route.maxAge,
    methods: route.methods,
    oneShot: route.oneShot === true,
    acceptRecentAuthentication: route.acceptRecentAuthentication === true,
    passWithoutFactor: route.passWithoutFactor === true,
  };
}

function callerOf(access: AccessContext) {
  // Only the module's own tokens name a module session; another issuer's token is bounded by its issuer.
  return { userId: access.identity.userId, sessionId: access.sessionId, amr: access.amr, authTime: access.authTime, sessionChecked: access.sessionChecked, moduleSession: access.source === OWN_TOKEN_SOURCE };
}
