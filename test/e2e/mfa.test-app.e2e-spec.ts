// The MFA loop on AuthModule alone with its memory stores, in both modes, on a fixed clock: the
// baseline the PostgreSQL and Redis run of the same cases (test/integration) is held to. The demo's
// own walk through it is mfa.e2e-spec.ts.
import { describe } from 'vitest';
import { mfaSignInCases } from './support/mfa-sign-in.cases';

describe.each(['stateful', 'stateless'] as const)('%s, memory stores', (mode) => mfaSignInCases({ mode }));
