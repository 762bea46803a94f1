import { Command } from '@nestjs/cqrs';
import type { StoredCommand } from '../../domain/pending-operation';
import type { OtpMethod } from '../../domain/otp-method';

/** What a `@VerifyElevation` route asks of its caller, as the core sees it. */
export interface ElevationRequirement {
  /** The operation name; an elevation for another name never satisfies it. */
  readonly operation: string;
  /**
   * How old an elevation (or, opted in, a sign-in) may be, in seconds; also the lifetime of one
   * granted for it. Undefined: the module's `stepUp.maxAgeSeconds`.
   */
  readonly maxAgeSeconds?: number;
  /** The factors that may prove it; undefined: any the user has. */
  readonly methods?: readonly OtpMethod[];
  /** The elevation is spent by the first request it authorizes. */
  readonly oneShot: boolean;
  /** A recent sign-in with MFA (`auth_time` within `maxAgeSeconds`, `mfa` in `amr`) satisfies it too (RFC 9470). */
  readonly acceptRecentAuthentication: boolean;
  /** A user with no factor to prove it with passes (enrolling the first factor). */
  readonly passWithoutFactor?: boolean;
}

/** Who asks: the verified access token's user and session and how they signed in. */
export interface StepUpCaller {
  readonly userId: string;
  readonly sessionId: string;
  readonly amr: readonly string[];
  /** Seconds since the epoch (OIDC `auth_time`). */
  readonly authTime: number;
  /**
   * False when the token was accepted without asking the session store (a stateless token): a
   * recent sign-in then counts only once the session is confirmed active. @default true
   */
  readonly sessionChecked?: boolean;
  /**
   * False for a token another issuer signed (a Keycloak realm's): no module session stands behind
   * it, so there is none to confirm, and the issuer's `exp` (or its introspection) bounds it.
   * @default true
   */
  readonly moduleSession?: boolean;
}

/**
 * Lets `caller` through to `requirement.operation` when they hold a live elevation for it (spending
 * a one-shot one), or when opted in and their sign-in is recent and multi-factor. Otherwise stores a
 * pending operation (with `resume`, the command a resumable route would run), publishes
 * `SensitiveOperationRequestedEvent` and throws `MfaRequiredError` carrying its `operation_id`.
 */
export class VerifyElevationCommand extends Command<void> {
  constructor(
    readonly caller: StepUpCaller,
    readonly requirement: ElevationRequirement,
    readonly resume?: StoredCommand,
  ) {
    super();
  }
}
