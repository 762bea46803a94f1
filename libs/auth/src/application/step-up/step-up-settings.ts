/** The resolved step-up configuration (the module fills it from `AuthModuleOptions.stepUp`). */
export class StepUpSettings {
  /** Seconds an elevation lasts unless a route says otherwise (its `maxAge`). */
  readonly maxAgeSeconds: number;
  /** Seconds a pending operation waits for its second factor, and a settled one keeps its result. */
  readonly operationTtlSeconds: number;
  /** 403 by default; 401 for clients that read RFC 9470 to the letter. */
  readonly challengeStatus: 401 | 403;
  /** Operations one session may start within `operationTtlSeconds`; past it, 429. */
  readonly maxPendingPerSession: number;

  constructor(values: { [K in keyof StepUpSettings]: StepUpSettings[K] }) {
    this.maxAgeSeconds = values.maxAgeSeconds;
    this.operationTtlSeconds = values.operationTtlSeconds;
    this.challengeStatus = values.challengeStatus;
    this.maxPendingPerSession = values.maxPendingPerSession;
  }
}
