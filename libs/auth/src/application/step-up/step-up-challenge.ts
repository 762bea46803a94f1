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
