import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { type Elevation, type ElevationKey, isOperationName } from '../../domain/elevation';
import { ElevationCache } from './elevation-cache';
import { secondsLeft } from '../sign-in/attempt-reservations';
import { TooManyAttemptsError } from '../../domain/auth-error';
import { SensitiveOperationRequestedEvent } from '../../domain/events/sensitive-operation-requested.event';
import type { PendingOperation } from '../../domain/pending-operation';
import { OTP_METHODS, type OtpMethod } from '../../domain/otp-method';
import { Clock } from '../../ports/clock';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import type { ElevationRequirement, StepUpCaller } from './verify-elevation.command';
import { issuerStepUpChallengeOf, stepUpChallengeOf } from './step-up-challenge';
import { StepUpMethods } from './step-up-methods';
import { StepUpSessions } from './step-up-sessions';
import { AttemptCounter } from '../../ports/attempt-counter';
import { StepUpSettings } from './step-up-settings';
import { VerifyElevationCommand } from './verify-elevation.command';

/**
 * The check behind `@VerifyElevation`. A caller with a live elevation pays one store read (two for
 * a one-shot elevation, whose spend is the atomic step), and a reusable one is then trusted from
 * this process's `ElevationCache` for `sessionCheckStalenessMs`; only a refused caller pays for the
 * pending operation, the event and the list of methods.
 */
@CommandHandler(VerifyElevationCommand)
export class VerifyElevationHandler implements ICommandHandler<VerifyElevationCommand, void> {
  constructor(
    private readonly elevations: ElevationStore,
    private readonly cache: ElevationCache,
    private readonly operations: PendingOperationStore,
    private readonly methods: StepUpMethods,
    private readonly sessions: StepUpSessions,
    private readonly attempts: AttemptCounter,
    private readonly settings: StepUpSettings,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, requirement, resume }: VerifyElevationCommand): Promise<void> {
    const now = this.clock.now();
    const maxAgeSeconds = requirement.maxAgeSeconds ?? this.settings.maxAgeSeconds;
    if (requirement.acceptRecentAuthentication && signedInRecentlyWithMfa(caller, maxAgeSeconds, now)) {
      if (caller.sessionChecked === false && caller.moduleSession !== false) await this.sessions.assertActive(caller, now);
      return;
    }
    if (caller.moduleSession === false) throw issuerStepUpChallengeOf(operationNameOf(requirement), maxAgeSeconds, this.settings.challengeStatus);
    const key = { userId: caller.userId, sessionId: caller.sessionId, operation: requirement.operation };
    // A resumable route's command runs after the second factor; called directly, it needs a new one.
    if (!resume) {
      const elevation = this.cache.find(key, now) ?? (await this.storedElevation(key, now));
      if (elevation && isFreshFor(elevation, maxAgeSeconds, now) && (!elevation.oneShot || (await this.elevations.spend(key, now, elevation.operationId)))) return;
    }
    const methods = await this.methods.of(caller.userId, requirement.methods);
    if (requirement.passWithoutFactor && methods.length === 0) return;
    throw await this.refuse(caller, requirement, maxAgeSeconds, methods, resume, now);
  }

  private async storedElevation(key: ElevationKey, now: Date): Promise<Elevation | undefined> {
    const elevation = await this.elevations.find(key, now);
    if (elevation) this.cache.remember(elevation, now);
    return elevation;
  }

  private async refuse(caller: StepUpCaller, requirement: ElevationRequirement, maxAgeSeconds: number, methods: OtpMethod[], resume: VerifyElevationCommand['resume'], now: Date) {
    operationNameOf(requirement);
    // Each refusal stores an operation (a resumable one with its command) for the operation TTL:
    // one session may not fill the shared store with them.
    const window = await this.attempts.increment(`step-up:operations:${caller.sessionId}`, this.settings.operationTtlSeconds, now);
    if (window.count > this.settings.maxPendingPerSession) throw new TooManyAttemptsError(secondsLeft(window, now));
    const operation: PendingOperation = {
      id: randomUUID(),
      userId: caller.userId,
      sessionId: caller.sessionId,
      operation: requirement.operation,
      requestedAt: now,
      expiresAt: new Date(now.getTime() + this.settings.operationTtlSeconds * 1000),
      state: 'pending',
      elevationSeconds: maxAgeSeconds,
      oneShot: requirement.oneShot || resume !== undefined,
      methods: requirement.methods ?? OTP_METHODS,
      ...(resume ? { command: resume } : {}),
    };
    await this.operations.create(operation, now);
    this.events.publish(new SensitiveOperationRequestedEvent(operation.id, caller.userId, caller.sessionId, operation.operation, now));
    return stepUpChallengeOf(operation, methods, this.settings.challengeStatus);
  }
}

/** An elevation granted for a longer-lived route is too old for a route with a shorter `maxAge`. */
function isFreshFor(elevation: Elevation, maxAgeSeconds: number, now: Date): boolean {
  return now.getTime() - elevation.grantedAt.getTime() <= maxAgeSeconds * 1000;
}

/** RFC 9470's reading: the sign-in itself proved a second factor (`mfa` in `amr`, RFC 8176) within `max_age`. */
function signedInRecentlyWithMfa(caller: StepUpCaller, maxAgeSeconds: number, now: Date): boolean {
  return caller.amr.includes('mfa') && now.getTime() - caller.authTime * 1000 <= maxAgeSeconds * 1000;
}

/**
 * The name goes into the WWW-Authenticate header: the decorator checked it, a command sent on the
 * bus by other code is checked here, where a refusal is built, off the path of a granted request.
 */
function operationNameOf({ operation }: ElevationRequirement): string {
  if (!isOperationName(operation)) throw new TypeError(`Not an operation name: ${JSON.stringify(operation)}`);
  return operation;
}
