/**
 * `@stepgate/auth/testing`: what an app's own tests need. The contract suites every adapter of a
 * port must pass (run them against your own adapters), a fixed clock, and a module on in-memory
 * adapters for specs that drive the use cases through the buses. Nothing here imports a test
 * runner: the suites take Jest's or Vitest's functions (see `TestRunner`).
 *
 * @packageDocumentation
 */

export { FixedClock } from './fixed-clock';
export { uniqueTag } from './unique-tag';
export type { TestRunner, ContractExpect, ContractMatchers } from './test-runner';
export { userAccountRepositoryContract } from './user-account-repository.contract';
export { sessionRepositoryContract } from './session-repository.contract';
export { refreshTokenRepositoryContract } from './refresh-token-repository.contract';
export { attemptCounterContract } from './attempt-counter.contract';
export { flowStateStoreContract } from './flow-state-store.contract';
export { otpChallengeStoreContract } from './otp-challenge-store.contract';
export { elevationStoreContract } from './elevation-store.contract';
export { pendingOperationStoreContract } from './pending-operation-store.contract';
export { providerSessionStoreContract } from './provider-session-store.contract';
export { totpEnrollmentRepositoryContract } from './totp-enrollment-repository.contract';
export { recoveryCodeRepositoryContract } from './recovery-code-repository.contract';
export { createAuthTestingModule, type AuthTestingModule, TESTING_SIGNING_KEY, completed } from './auth-testing-module';
