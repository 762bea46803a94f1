// Threat: one code spent twice. A TOTP code, a recovery code or an emailed code submitted by two
// requests at once (a phished code replayed while the user submits it, or a double submit) must
// complete exactly one sign-in; the peer that checks `codes.includes(code)` and then rewrites the
// list lets both through. The contract suites prove the stores' atomicity; this proves the routes
// keep it, in both modes. The same cases run on PostgreSQL and Redis in test/integration.
import { describe } from 'vitest';
import { otpParallelSameCodeCases } from '../support/otp-parallel-same-code.cases';

describe.each(['stateful', 'stateless'] as const)('%s, memory stores', (mode) => otpParallelSameCodeCases({ mode }));
