import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { AuthError, AuthErrorCode, FieldError, MfaRequiredError, TooManyAttemptsError, ValidationFailedError, ServiceUnavailableError } from '../../domain/auth-error';
import { codeOfStatus, problemTypeOf, STATUS_OF, titleOf } from './error-status';

/**
 * An RFC 9457 problem document. `code` is one of the module's stable codes (DESIGN.md section 4)
 * for its own errors; for a host's `HttpException` it is the host's own code or one named for the
 * status (`CONFLICT`), and the host's other body fields ride along as extension members.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AuthErrorCode | 'INTERNAL_ERROR' | (string & {});
  errors?: FieldError[];
  /** RFC 9457 section 3.2: extension members, from a host exception's body. */
  [extension: string]: unknown;
}

export interface Problem {
  body: ProblemDetails;
  headers: Record<string, string>;
}

// RFC 6750 section 3: a 401 on a bearer-protected resource says why in WWW-Authenticate.
const INVALID_TOKEN_CODES = new Set<string>(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'SESSION_REVOKED']);

// Nest's answer to an unmatched route (RoutesResolver.registerNotFoundHandler) echoes the path.
const ROUTE_NOT_FOUND = /^Cannot [A-Z]+ \//;

// Members of Nest's exception body that a problem document states under its own names, and the
// document's own members (RFC 9457 section 3.1), never copied from a host body as they are.
const RESTATED_FIELDS = new Set(['statusCode', 'message', 'error', 'errorCode', 'type', 'title', 'status', 'detail', 'code']);

/** Turns anything thrown while handling a request into the problem document the client sees. */
export function problemOf(exception: unknown): Problem {
  if (exception instanceof AuthError) return fromAuthError(exception);
  if (exception instanceof HttpException) return raisedByFramework(exception) ? fromStatus(exception.getStatus()) : fromHostException(exception);
  const status = httpStatusOfForeignError(exception);
  if (status) return fromStatus(status);
  return build('INTERNAL_ERROR', HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred.');
}

function fromAuthError(error: AuthError): Problem {
  const problem = build(error.code, error instanceof MfaRequiredError ? error.status : STATUS_OF[error.code], error.message);
  if (error instanceof ValidationFailedError) problem.body.errors = error.errors;
  // RFC 9110 section 10.2.3: both a closed throttle and an unreachable dependency say when to return.
  if (error instanceof TooManyAttemptsError || error instanceof ServiceUnavailableError) problem.headers['Retry-After'] = String(error.retryAfterSeconds);
  if (INVALID_TOKEN_CODES.has(error.code)) {
    problem.headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.message}"`;
  } else if (error.code === 'UNAUTHENTICATED') {
    problem.headers['WWW-Authenticate'] = 'Bearer';
  }
  return withCarried(problem, error);
}

// RFC 9457 section 3.1: what the document says of itself is the filter's; an error only adds to it.
const OWN_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'errors']);
// RFC 9110 section 5.5: CR, LF and NUL in a field value would end the header early (response splitting).
const UNSAFE_HEADER_VALUE = /[\r\n\0]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The extension members and headers the error carries (step-up's `operation_id`, `WWW-Authenticate`, ...). */
function withCarried(problem: Problem, error: AuthError): Problem {
  for (const [name, value] of Object.entries(error.members)) if (!OWN_MEMBERS.has(name)) problem.body[name] = value;
  for (const [name, value] of Object.entries(error.headers)) if (HEADER_NAME.test(name) && !UNSAFE_HEADER_VALUE.test(value)) problem.headers[name] = value;
  return problem;
}

/**
 * Nest's router and the platform's body parser speak through HttpExceptions too, with messages that
 * echo the request ("Cannot GET /path", the JSON parser's excerpt of a body a password may sit in).
 * Nest's adapters hand them over with the parser's or router's error as `cause`, carrying the same
 * status (`mapException`); a host's exception has no such cause.
 */
function raisedByFramework(exception: HttpException): boolean {
  const { cause } = exception;
  if (cause === undefined) return exception instanceof NotFoundException && ROUTE_NOT_FOUND.test(exception.message);
  return !(cause instanceof HttpException) && httpStatusOf(cause) === exception.getStatus();
}

/**
 * A host's exception says what the host chose to tell its clients, so its words are kept: its
 * message as `detail` (a list, as Nest's ValidationPipe gives, joined); its `code` or Nest's
 * `errorCode`, else a code named for the status; Nest's `error` as `title`; the rest of an object
 * body as extension members (RFC 9457 section 3.2). `status` is always the real one (section 3.1.2).
 */
function fromHostException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const fields: Record<string, unknown> = typeof response === 'object' && response !== null && !Array.isArray(response) ? { ...response } : {};
  const code = text(fields.code) ?? text(fields.errorCode) ?? text(exception.errorCode) ?? codeOfStatus(status);
  const title = text(fields.title) ?? text(fields.error) ?? titleOf(code, status);
  const messages = Array.isArray(fields.message) ? fields.message.filter((message) => typeof message === 'string') : [];
  const detail = text(fields.detail) ?? text(fields.message) ?? (messages.length > 0 ? messages.join('; ') : undefined) ?? text(response) ?? title;
  const extensions = Object.fromEntries(Object.entries(fields).filter(([name]) => !RESTATED_FIELDS.has(name)));
  return { body: { type: text(fields.type) ?? problemTypeOf(code), title, status, detail, code, ...extensions }, headers: {} };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

// A body that is not JSON is a malformed request: Express says 400, Fastify 415; answer alike.
function fromStatus(status: number): Problem {
  if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return build('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, publicDetailOf(status));
  return build(codeOfStatus(status), status, publicDetailOf(status));
}

/** Fastify's JSON parser and http-errors raised in host code are plain errors carrying an HTTP status. */
function httpStatusOfForeignError(exception: unknown): number | undefined {
  const status = httpStatusOf(exception);
  return status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode ?? (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
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
      return titleOf(codeOfStatus(status), status);
  }
}

function build(code: string, status: number, detail: string): Problem {
  return { body: { type: problemTypeOf(code), title: titleOf(code, status), status, detail, code }, headers: {} };
}
