// Threat: an active session that still looks like a sign-in in progress. Activation ends the flow:
// if the steps offered before it stayed on the session, the stored state would claim a factor is
// still awaited, and code trusting `nextSteps` (an admin listing, a resumed flow) would be misled.
import { describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('AuthSession activation', () => {
  it('an activated session offers no further steps, even if steps were offered when it was activated', () => {
    const session = AuthSession.start({ id: 's1', userId: 'u1', mode: 'stateful', now: t0, expiresAt: at(300) });
    session.completeStep('username-password', 'pwd', t0);
    session.offer(['totp', 'recovery-code'], at(60));
    session.activate(at(5), at(3600));
    expect(session.nextSteps).toEqual([]);
    expect(session.toState()).toMatchObject({ status: 'active', nextSteps: [], completedSteps: ['username-password'] });
  });
});
