// The MFA loop on the shared stores: users, TOTP enrolments and recovery codes in PostgreSQL, OTP
// challenges, flow state and attempt counters in Redis, in both modes. Here parallel submissions
// meet on separate connections, so only the adapters' atomic verbs (a conditional UPDATE, one Lua
// script, SET NX) keep a code to one use and the attempts to their cap. The cases are the ones the
// memory stores pass (test/e2e); each test boots its own app, user and Redis key prefix.
import { beforeAll, describe } from 'vitest';
import { assertServicesAnswer } from '../e2e/support/services';
import { mfaSignInCases } from '../e2e/support/mfa-sign-in.cases';
import { otpAttemptCapAndExpiryCases } from '../e2e/support/otp-attempt-cap-and-expiry.cases';
import { otpParallelSameCodeCases } from '../e2e/support/otp-parallel-same-code.cases';

describe.each(['stateful', 'stateless'] as const)('%s, PostgreSQL and Redis', (mode) => {
  // Fails, never skips, without the servers; every app start checks them again.
  beforeAll(assertServicesAnswer);
  const options = { mode, storage: 'postgres-redis' } as const;
  mfaSignInCases(options);
  otpParallelSameCodeCases(options);
  otpAttemptCapAndExpiryCases(options);
});
