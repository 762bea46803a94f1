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
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidCredentialsError extends AuthError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The username or password is incorrect.');
  }
}

export class UnauthenticatedError extends AuthError {
  constructor(message = 'Authentication is required.') {
    super('UNAUTHENTICATED', message);
  }
}

export class TokenInvalidError extends AuthError {
  constructor(message = 'The token is invalid.', options?: { cause?: unknown }) {
    super('TOKEN_INVALID', message, options);
  }
}

export class TokenExpiredError extends AuthError {
  constructor(message = 'The token has expired.') {
    super('TOKEN_EXPIRED', message);
  }
}

export class RefreshTokenReusedError extends AuthError {
  constructor(readonly sessionId: string) {
    super('REFRESH_TOKEN_REUSED', 'The refresh token was already used; the session has been revoked.');
  }
}

export class SessionRevokedError extends AuthError {
  constructor() {
    super('SESSION_REVOKED', 'The session has been revoked or has expired.');
  }
}

export class ForbiddenError extends AuthError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AuthError {
  constructor(readonly resource: string) {
    super('NOT_FOUND', `${resource} was not found.`);
  }
}

export class TooManyAttemptsError extends AuthError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.');
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationFailedError extends AuthError {
  constructor(
    readonly errors: FieldError[],
    message = 'The request is not valid.',
  ) {
    super('VALIDATION_FAILED', message);
  }
}

export class ServiceUnavailableError extends AuthError {
  constructor(message = 'A service the request needs is unavailable.', options?: { cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', message, options);
  }
}

export class UnknownStepError extends AuthError {
  constructor(readonly step: string) {
    super('UNKNOWN_STEP', `There is no sign-in step "${step.slice(0, 64)}".`);
  }
}

export class StepOutOfOrderError extends AuthError {
  constructor(readonly step: string) {
    super('STEP_OUT_OF_ORDER', `The step "${step.slice(0, 64)}" is not allowed at this point of the sign-in.`);
  }
}

/** The flow's deadline has passed, or it was completed or abandoned: the client starts a new sign-in. */
export class FlowExpiredError extends AuthError {
  constructor(message = 'The sign-in flow has expired or was already completed; start again.') {
    super('FLOW_EXPIRED', message);
  }
}

export class MfaRequiredError extends AuthError {
  constructor(message = 'A second factor is required.') {
    super('MFA_REQUIRED', message);
  }
}
