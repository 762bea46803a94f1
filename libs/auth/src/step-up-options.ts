/** Step-up for `@VerifyElevation` routes (the `stepUp` option). */
export interface StepUpOptions {
  /**
   * Seconds an elevation lasts, and the `max_age` of the challenge, for routes that do not set
   * their own `maxAge`. @default 300
   */
  maxAgeSeconds?: number;
  /**
   * Seconds a pending operation waits for its second factor, and a resumed one keeps its result
   * for `GET /auth/operations/:id`. @default 600
   */
  operationTtlSeconds?: number;
  /**
   * The status of the `MFA_REQUIRED` answer: 403 (the caller is known but not elevated), or 401 for
   * clients that follow RFC 9470 to the letter. @default 403
   */
  challengeStatus?: 401 | 403;
  /**
   * Operations one session may start (refused requests to `@VerifyElevation` routes) within
   * `operationTtlSeconds`; past it the route answers 429 `TOO_MANY_ATTEMPTS` with `Retry-After`,
   * so one session cannot fill the shared store with pending operations. @default 30
   */
  maxPendingPerSession?: number;
}
