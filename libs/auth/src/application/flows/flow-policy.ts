import type { Identity } from '../../domain/identity';

/** What a `FlowPolicy` decides from: who signs in, what they have passed, what they have enrolled. */
export interface FlowPolicyInput {
  readonly identity: Identity;
  /** Keys of the steps passed so far, in order. */
  readonly completedSteps: readonly string[];
  /** Keys of the second-factor steps the user has enrolled. */
  readonly enrolledFactors: readonly string[];
}

/**
 * Decides, after each step, which steps may come next; an empty list completes the sign-in.
 * Throwing an `AuthError` (e.g. `MfaRequiredError`) ends the flow with that error.
 *
 * @example
 * // Everyone enters an access PIN after their password.
 * const pinAfterPassword: FlowPolicy = ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']);
 */
export type FlowPolicy = (input: FlowPolicyInput) => readonly string[] | Promise<readonly string[]>;
