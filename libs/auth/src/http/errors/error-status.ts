import { HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { AuthErrorCode } from '../../domain/auth-error';

/** The one place an error code becomes an HTTP status. A code missing here fails the build. */
export const STATUS_OF = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  TOKEN_INVALID: HttpStatus.UNAUTHORIZED,
  TOKEN_EXPIRED: HttpStatus.UNAUTHORIZED,
  REFRESH_TOKEN_REUSED: HttpStatus.UNAUTHORIZED,
  SESSION_REVOKED: HttpStatus.UNAUTHORIZED,
  OTP_INVALID: HttpStatus.UNAUTHORIZED,
  OTP_EXPIRED: HttpStatus.UNAUTHORIZED,
  FLOW_EXPIRED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  MFA_REQUIRED: HttpStatus.FORBIDDEN,
  MFA_ENROLLMENT_REQUIRED: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  UNKNOWN_STEP: HttpStatus.NOT_FOUND,
  STEP_OUT_OF_ORDER: HttpStatus.CONFLICT,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  TOO_MANY_ATTEMPTS: HttpStatus.TOO_MANY_REQUESTS,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
} as const satisfies Record<AuthErrorCode, HttpStatus>;

// The statuses DESIGN.md section 4 gives a generic code: a client of the app sees one code for a 401
// whether the module, Nest or the host raised it.
const STABLE_CODE_OF_STATUS: Partial<Record<number, AuthErrorCode | 'INTERNAL_ERROR'>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_ATTEMPTS',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'INTERNAL_ERROR',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/**
 * The code of an error the module did not raise (Nest's, the body parser's, the host's): the stable
 * code of DESIGN.md section 4 where one stands for the status, else the status's name
 * (409 -> `CONFLICT`, 422 -> `UNPROCESSABLE_ENTITY`), never a module code that would say more.
 */
export function codeOfStatus(status: number): string {
  return STABLE_CODE_OF_STATUS[status] ?? (HttpStatus[status] as string | undefined) ?? `HTTP_${status}`;
}

const TITLES: Record<AuthErrorCode | 'INTERNAL_ERROR', string> = {
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
  MFA_ENROLLMENT_REQUIRED: 'Second factor enrolment required',
  NOT_FOUND: 'Not found',
  UNKNOWN_STEP: 'Unknown step',
  STEP_OUT_OF_ORDER: 'Step out of order',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  TOO_MANY_ATTEMPTS: 'Too many attempts',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL_ERROR: 'Internal server error',
};

/** The title of a code; for a code the module does not define, the status's reason phrase ("Conflict"), as RFC 9457 section 4.2.1 suggests. */
export function titleOf(code: string, status: number): string {
  return (TITLES as Record<string, string>)[code] ?? STATUS_CODES[status] ?? 'Error';
}

/** `urn:stepgate:problem:<code in kebab case>`: one problem type per code. */
export function problemTypeOf(code: string): string {
  return `urn:stepgate:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
