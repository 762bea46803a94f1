// The step-up loop on AuthModule alone with its memory stores, in both modes, on a fixed clock: a
// test controller's routes behind @VerifyElevation (retry model, one-shot, maxAge, methods, recent
// sign-in, resumable) and the module's own DELETE /auth/totp and POST /auth/recovery-codes. The
// baseline the PostgreSQL and Redis run of the same cases (test/integration) is held to.
import { describe } from 'vitest';
import { stepUpCases } from './support/step-up';

describe.each(['stateful', 'stateless'] as const)('step-up, %s, memory stores', (mode) => stepUpCases({ mode }));
