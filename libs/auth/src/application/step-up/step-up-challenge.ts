import { MfaRequiredError } from '../../domain/auth-error';
import type { PendingOperation } from '../../domain/pending-operation';
import type { OtpMethod } from '../../domain/otp-method';

/**
 * The answer to a caller without an elevation: 403 (or 401) `MFA_REQUIRED` naming the operation
 * to prove a factor for, and the RFC 9470 challenge in `WWW-Authenticate`.
 */
export function stepUpChallengeOf(operation: PendingOperation, methods: readonly OtpMethod[], status: 401 | 403): MfaRequiredError {
  const resumable = operation.command !== undefined;
  return new MfaRequiredError(`"${operation.operation}" needs a fresh second factor: validate a code with correlation_id = operation_id, then ${resumable ? 'read the result from /auth/operations/{operation_id}' : 'retry the request'}.`, {
    status,
    members: { operation: operation.operation, operation_id: operation.id, methods: [...methods], max_age: operation.elevationSeconds, resumable },
    headers: {
      'WWW-Authenticate': `Bearer error="insufficient_user_authentication", error_description="A second factor is required for ${operation.operation}", max_age=${operation.elevationSeconds}`,
    },
  });
}

/**
 * The answer to a caller whose token another issuer signed (a Keycloak realm's): the module's
 * elevations belong to module sessions, so none can be earned here. The caller signs in again at
 * its issuer with a second factor; a route that accepts a recent sign-in then lets it through.
 */
export function issuerStepUpChallengeOf(operation: string, maxAgeSeconds: number, status: 401 | 403): MfaRequiredError {
  return new MfaRequiredError(`"${operation}" needs a recent sign-in with a second factor at the token's issuer.`, {
    status,
    members: { operation, methods: [], max_age: maxAgeSeconds, resumable: false },
    headers: {
      'WWW-Authenticate': `Bearer error="insufficient_user_authentication", error_description="A second factor is required for ${operation}", max_age=${maxAgeSeconds}`,
    },
  });
}
