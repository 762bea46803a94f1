import type { SessionMode } from '../domain/session-mode';

export interface ThrottleWindow {
  /** Failures allowed inside the window; the next attempt answers 429. */
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The resolved configuration the use cases read (the module fills it from `AuthModuleOptions`). */
export class AuthSettings {
  constructor(
    readonly defaultMode: SessionMode,
    readonly refreshTokenTtlSeconds: number,
    readonly signInThrottle: { readonly perAccount: ThrottleWindow; readonly perClient: ThrottleWindow },
    /** How long a stateful session check may be reused before the store is asked again. */
    readonly sessionCheckStalenessMs: number,
    /** Verified access tokens remembered, so a token seen before skips the signature check. */
    readonly verifiedTokenCacheSize: number,
  ) {}
}
