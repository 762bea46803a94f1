import { HttpException, HttpStatus } from '@nestjs/common';
import { AuthError, AuthErrorCode, FieldError, TooManyAttemptsError, ValidationFailedError } from '../../domain/auth-error';
import { codeOfStatus, STATUS_OF } from './error-status';

/** An RFC 9457 problem document, with the module's stable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AuthErrorCode | 'INTERNAL_ERROR';
  errors?: FieldError[];
}

export interface Problem {
  body: ProblemDetails;
  headers: Record<string, string>;
}

const TITLES: Record<ProblemDetails['code'], string> = {
  VALIDATION_FAILED: 'Validation failed',
  INVALID_CREDENTIALS: 'Invalid credentials',
  UNAUTHENTICATED: 'Authentication required',
  TOKEN_INVALID: 'Invalid token',
  TOKEN_EXPIRED: 'Token expired',
  REFRESH_TOKEN_REUSED: 'Refresh token reused',
  SESSION_REVOKED: 'Session revoked',
  OTP_INVALID: 'Invalid one-time code',
  OTP_EXPIRED: 'One-time code expired',
  FLOW_EXPIRED: 'Sign-in flow expired',
  FORBIDDEN: 'Forbidden',
  MFA_REQUIRED: 'Step-up authentication required',
  NOT_FOUND: 'Not found',
  UNKNOWN_STEP: 'Unknown step',
  STEP_OUT_OF_ORDER: 'Step out of order',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  TOO_MANY_ATTEMPTS: 'Too many attempts',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL_ERROR: 'Internal server error',
};

// RFC 6750 section 3: a 401 on a bearer-protected resource says why in WWW-Authenticate.
const INVALID_TOKEN_CODES = new Set<string>(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'SESSION_REVOKED']);

/** Turns anything thrown while handling a request into the problem document the client sees. */
export function problemOf(exception: unknown): Problem {
  if (exception instanceof AuthError) return fromAuthError(exception);
  if (exception instanceof HttpException) return fromHttpException(exception);
  const status = httpStatusOfForeignError(exception);
  if (status) return fromStatus(status);
  return build('INTERNAL_ERROR', HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred.');
}

function fromAuthError(error: AuthError): Problem {
  const problem = build(error.code, STATUS_OF[error.code], error.message);
  if (error instanceof ValidationFailedError) problem.body.errors = error.errors;
  if (error instanceof TooManyAttemptsError) problem.headers['Retry-After'] = String(error.retryAfterSeconds);
  if (INVALID_TOKEN_CODES.has(error.code)) {
    problem.headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.message}"`;
  } else if (error.code === 'UNAUTHENTICATED') {
    problem.headers['WWW-Authenticate'] = 'Bearer';
  }
  return problem;
}

function fromHttpException(exception: HttpException): Problem {
  return fromStatus(exception.getStatus());
}

// A body that is not JSON is a malformed request: Express says 400, Fastify 415; answer alike.
function fromStatus(status: number): Problem {
  if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return build('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, publicDetailOf(status));
  return build(codeOfStatus(status), status, publicDetailOf(status));
}

/** Body parsers (Express's and Fastify's) throw plain errors carrying an HTTP status. */
function httpStatusOfForeignError(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.statusCode ?? (exception as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

// Messages of foreign errors may echo input or internals; the client gets a fixed sentence per status.
function publicDetailOf(status: number): string {
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return 'The request is malformed.';
    case HttpStatus.NOT_FOUND:
      return 'No such resource.';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'The request body is too large.';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'The request body must be JSON.';
    default:
      return TITLES[codeOfStatus(status)];
  }
}

function build(code: ProblemDetails['code'], status: number, detail: string): Problem {
  const type = `urn:stepgate:problem:${code.toLowerCase().replaceAll('_', '-')}`;
  return { body: { type, title: TITLES[code], status, detail, code }, headers: {} };
}
