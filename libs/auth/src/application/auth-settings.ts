import type { SessionMode } from '../domain/session-mode';
import type { SignInStep } from '../ports/sign-in-step';
import type { FlowPolicy } from './flows/flow-policy';

/** A fixed-window limit: at most `limit` failures per `windowSeconds`. */
export interface ThrottleWindow {
  /** Failures allowed inside the window; the next attempt answers 429. */
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Failures at the steps after the first, per account across flows (the `laterStepThrottle` option). */
export interface LaterStepLimits {
  /** Failures checked before each lockout. */
  readonly failuresBeforeLockout: number;
  readonly lockoutSeconds: number;
  /** Failures checked in all before the hard stop; below 100 (NIST SP 800-63B section 5.2.2). */
  readonly maxFailures: number;
  /** How long failures are remembered without a completed sign-in, and how long a hard stop lasts. */
  readonly windowSeconds: number;
}

export interface AuthSettingsValues {
  readonly defaultMode: SessionMode;
  /** Access-token lifetime by the session mode of the token. */
  readonly accessTokenTtlSeconds: Readonly<Record<SessionMode, number>>;
  /** Whether `track_session: false` may ask a stateful deployment for a stateless session. */
  readonly allowStatelessSignIns: boolean;
  readonly refreshTokenTtlSeconds: number;
  readonly signInThrottle: { readonly perAccount: ThrottleWindow; readonly perClient: ThrottleWindow; readonly maxChecksInFlightPerClient: number };
  readonly laterStepThrottle: LaterStepLimits;
  /** How long a stateful session check may be reused before the store is asked again. */
  readonly sessionCheckStalenessMs: number;
  /** Verified access tokens remembered, so a token seen before skips the signature check. */
  readonly verifiedTokenCacheSize: number;
  /** Steps the app adds to the built-in ones. */
  readonly extraSteps: readonly SignInStep<object>[];
  readonly flowPolicy: FlowPolicy;
  /** Failed attempts one flow may make at its later steps before it is closed. */
  readonly maxStepAttempts: number;
}

/** The resolved configuration the use cases read (the module fills it from `AuthModuleOptions`). */
export class AuthSettings implements AuthSettingsValues {
  readonly defaultMode: SessionMode;
  readonly accessTokenTtlSeconds: AuthSettingsValues['accessTokenTtlSeconds'];
  readonly allowStatelessSignIns: boolean;
  readonly refreshTokenTtlSeconds: number;
  readonly signInThrottle: AuthSettingsValues['signInThrottle'];
  readonly laterStepThrottle: LaterStepLimits;
  readonly sessionCheckStalenessMs: number;
  readonly verifiedTokenCacheSize: number;
  readonly extraSteps: readonly SignInStep<object>[];
  readonly flowPolicy: FlowPolicy;
  readonly maxStepAttempts: number;

  constructor(values: AuthSettingsValues) {
    Object.assign(this, values);
  }
}
