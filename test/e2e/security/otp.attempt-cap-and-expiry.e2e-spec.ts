// Threat: guessing a sent code. A 6-digit code falls to 10⁶ tries; five wrong ones must void it
// even for the right code that follows, and a code must stop working at its expiry, whatever the
// client sends. Checked over HTTP on a fixed clock, for email and SMS, in both modes. The same
// cases run on PostgreSQL and Redis in test/integration.
import { describe } from 'vitest';
import { otpAttemptCapAndExpiryCases } from '../support/otp-attempt-cap-and-expiry.cases';

describe.each(['stateful', 'stateless'] as const)('%s, memory stores', (mode) => otpAttemptCapAndExpiryCases({ mode }));
