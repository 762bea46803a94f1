import type { SessionMode } from '../domain/session-mode';
import type { SignInStep } from '../ports/sign-in-step';
import type { FlowPolicy } from './flows/flow-policy';

/** A fixed-window limit: at most `limit` failures per `windowSeconds`. */
export interface ThrottleWindow {
  /** Failures allowed inside the window; the next attempt answers 429. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface AuthSettingsValues {
  readonly defaultMode: SessionMode;
  readonly refreshTokenTtlSeconds: number;
  readonly signInThrottle: { readonly perAccount: ThrottleWindow; readonly perClient: ThrottleWindow };
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
  readonly refreshTokenTtlSeconds: number;
  readonly signInThrottle: AuthSettingsValues['signInThrottle'];
  readonly sessionCheckStalenessMs: number;
  readonly verifiedTokenCacheSize: number;
  readonly extraSteps: readonly SignInStep<object>[];
  readonly flowPolicy: FlowPolicy;
  readonly maxStepAttempts: number;

  constructor(values: AuthSettingsValues) {
    Object.assign(this, values);
  }
}
