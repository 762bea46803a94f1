/**
 * Every failure the module reports carries one of these codes. The HTTP edge maps each code to a
 * status through a table that must cover the whole union, so adding a code without a status fails
 * the build.
 */
export type AuthErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'REFRESH_TOKEN_REUSED'
  | 'SESSION_REVOKED'
  | 'OTP_INVALID'
  | 'OTP_EXPIRED'
  | 'FLOW_EXPIRED'
  | 'FORBIDDEN'
  | 'MFA_REQUIRED'
  | 'MFA_ENROLLMENT_REQUIRED'
  | 'NOT_FOUND'
  | 'UNKNOWN_STEP'
  | 'STEP_OUT_OF_ORDER'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_ATTEMPTS'
  | 'SERVICE_UNAVAILABLE';

/**
 * Base of every error the module throws. `message` is safe to show to the client; anything more
 * sensitive belongs in `cause` and reaches only the log.
 *
 * @example
 * try { await commandBus.execute(new AuthenticateWithCredentialsCommand(...)); }
 * catch (e) { if (e instanceof AuthError && e.code === 'INVALID_CREDENTIALS') { ... } }
 */
export class AuthError extends Error {
  /** Extension members of the problem document (RFC 9457 section 3.2), e.g. `operation_id`, `methods`, `max_age`. */
  readonly members: Readonly<Record<string, unknown>>;
  /** Response headers the answer carries, e.g. `WWW-Authenticate` (RFC 9470 section 3). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: AuthErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.members = options?.members ?? {};
    this.headers = options?.headers ?? {};
  }
}

/** What an `AuthError` carries beside its code and public message. */
export interface AuthErrorOptions {
  /** Detail for the log only, never for the client. */
  cause?: unknown;
  /**
   * Members added to the problem document, snake_case as on the wire. The document's own members
   * (`type`, `title`, `status`, `detail`, `code`, `errors`) cannot be replaced this way.
   * @default {}
   */
  members?: Record<string, unknown>;
  /** Headers of the answer; they take precedence over the ones the code implies. @default {} */
  headers?: Record<string, string>;
}

/** 401 `INVALID_CREDENTIALS`: the same for an unknown user and a wrong password, so neither is revealed. */
export class InvalidCredentialsError extends AuthError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The username or password is incorrect.');
  }
}

/** 401 `UNAUTHENTICATED`: the route needs a signed-in caller and none was given. */
export class UnauthenticatedError extends AuthError {
  constructor(message = 'Authentication is required.') {
    super('UNAUTHENTICATED', message);
  }
}

/** 401 `TOKEN_INVALID`: a token that is malformed, forged, or meant for another issuer or audience. */
export class TokenInvalidError extends AuthError {
  constructor(message = 'The token is invalid.', options?: { cause?: unknown }) {
    super('TOKEN_INVALID', message, options);
  }
}

/** 401 `TOKEN_EXPIRED`: a well-formed token past its `exp`; the client refreshes. */
export class TokenExpiredError extends AuthError {
  constructor(message = 'The token has expired.') {
    super('TOKEN_EXPIRED', message);
  }
}

/** 401 `REFRESH_TOKEN_REUSED`: a spent refresh token came back, so its family and session were revoked. */
export class RefreshTokenReusedError extends AuthError {
  constructor(readonly sessionId: string) {
    super('REFRESH_TOKEN_REUSED', 'The refresh token was already used; the session has been revoked.');
  }
}

/** 401 `SESSION_REVOKED`: the token belongs to a session that was revoked or has ended. */
export class SessionRevokedError extends AuthError {
  constructor() {
    super('SESSION_REVOKED', 'The session has been revoked or has expired.');
  }
}

/** 403 `FORBIDDEN`: the caller is known but may not do this. */
export class ForbiddenError extends AuthError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

/** 404 `NOT_FOUND`: also given for what exists but the caller may not see, so existence is not revealed. */
export class NotFoundError extends AuthError {
  constructor(readonly resource: string) {
    super('NOT_FOUND', `${resource} was not found.`);
  }
}

/** 429 `TOO_MANY_ATTEMPTS`: a throttle is closed; `retryAfterSeconds` becomes the `Retry-After` header. */
export class TooManyAttemptsError extends AuthError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.');
  }
}

/** One refused field of a request, as problem+json's `errors[]` carries it. */
export interface FieldError {
  /** A dotted path into the body, e.g. `options.pin`. */
  field: string;
  /** What is wrong with it, fit to show the user. */
  message: string;
}

/** 400 `VALIDATION_FAILED`: the input breaks its schema or a rule; `errors` names each field. */
export class ValidationFailedError extends AuthError {
  constructor(
    readonly errors: FieldError[],
    message = 'The request is not valid.',
  ) {
    super('VALIDATION_FAILED', message);
  }
}

/** 503 `SERVICE_UNAVAILABLE`: a store, identity provider or delivery channel the request needs is down. */
export class ServiceUnavailableError extends AuthError {
  /** Seconds the client should wait before trying again: the `Retry-After` header. */
  readonly retryAfterSeconds: number;

  constructor(message = 'A service the request needs is unavailable.', options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super('SERVICE_UNAVAILABLE', message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 30;
  }
}

/** 404 `UNKNOWN_STEP`: no configured sign-in step has this key. */
export class UnknownStepError extends AuthError {
  constructor(readonly step: string) {
    super('UNKNOWN_STEP', `There is no sign-in step "${step.slice(0, 64)}".`);
  }
}

/** 409 `STEP_OUT_OF_ORDER`: the step exists but the flow does not offer it now. */
export class StepOutOfOrderError extends AuthError {
  constructor(
    readonly step: string,
    message = `The step "${step.slice(0, 64)}" is not allowed at this point of the sign-in.`,
  ) {
    super('STEP_OUT_OF_ORDER', message);
  }
}

/** The flow's deadline has passed, or it was completed or abandoned: the client starts a new sign-in. */
export class FlowExpiredError extends AuthError {
  constructor(message = 'The sign-in flow has expired or was already completed; start again.') {
    super('FLOW_EXPIRED', message);
  }
}

/** 403 `MFA_REQUIRED`: the operation needs a fresh second factor first (step-up, RFC 9470). */
export class MfaRequiredError extends AuthError {
  /** 403 unless told; step-up may answer 401 for clients that follow RFC 9470 to the letter. */
  readonly status: 401 | 403;

  constructor(message = 'A second factor is required.', options?: Omit<AuthErrorOptions, 'cause'> & { status?: 401 | 403 }) {
    super('MFA_REQUIRED', message, options);
    this.status = options?.status ?? 403;
  }
}

/** 403 `MFA_ENROLLMENT_REQUIRED`: the flow policy wants a second factor the user has not enrolled yet. */
export class MfaEnrollmentRequiredError extends AuthError {
  constructor(message = 'Enrol a second factor before signing in.') {
    super('MFA_ENROLLMENT_REQUIRED', message);
  }
}

/** 401 `OTP_INVALID`: the one-time code is wrong, already used, or not for this flow or user. */
export class OtpInvalidError extends AuthError {
  constructor(message = 'The code is invalid.') {
    super('OTP_INVALID', message);
  }
}

/** 401 `OTP_EXPIRED`: the code's challenge has expired or used up its attempts; request a new code. */
export class OtpExpiredError extends AuthError {
  constructor(message = 'The code has expired; request a new one.') {
    super('OTP_EXPIRED', message);
  }
}

/**
 * 503 `SERVICE_UNAVAILABLE`: the mail server or SMS gateway did not take a one-time code. A
 * `ServiceUnavailableError`, so the problem filter adds `Retry-After` as for any unreachable
 * dependency; what the server answered goes to `cause`, for the log only.
 */
export class OtpDeliveryFailedError extends ServiceUnavailableError {
  constructor(options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super('The code could not be sent. Try again later.', options);
  }
}
