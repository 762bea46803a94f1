import { MfaEnrollmentRequiredError } from '../../domain/auth-error';
import { hasAnyGroup } from '../../domain/identity';
import type { FlowPolicy } from './flow-policy';

/**
 * Password, then one of the user's enrolled second factors. Members of `requireSecondFactorForGroups`
 * without any enrolled factor cannot finish a sign-in: they get `MFA_ENROLLMENT_REQUIRED` (step-up owns
 * `MFA_REQUIRED`, so a client can tell "enrol first" from "prove it again").
 */
export function defaultFlowPolicy(requireSecondFactorForGroups: readonly string[] = []): FlowPolicy {
  return ({ identity, completedSteps, enrolledFactors }) => {
    if (completedSteps.length > 1) return [];
    if (enrolledFactors.length > 0) return enrolledFactors;
    if (hasAnyGroup(identity, requireSecondFactorForGroups)) {
      throw new MfaEnrollmentRequiredError('Your groups require a second factor; enrol one before signing in.');
    }
    return [];
  };
}
