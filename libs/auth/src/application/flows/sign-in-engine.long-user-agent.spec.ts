// Threat: a client-chosen User-Agent of thousands of characters. It is stored with the flow, and a
// stateless flow travels sealed in a pre_auth_token whose size is capped (4096): unbounded, it would
// make the flow unsealable (a 500 for every sign-in with such a header) and bloat every session row.
// The engine keeps its first 512 characters, whoever called it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionRepository } from '../../ports/session-repository';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import type { FlowReference } from './flow-reference';
import { SubmitStepCommand } from './submit-step.command';
import { PinStep } from '../../../../../test/support/pin-step';

// 5,000 characters that differ along their length, so a cut at any other place shows.
const LONG_USER_AGENT = Array.from({ length: 625 }, (_, i) => `UA/${String(i).padStart(4, '0')}-`).join('');

describe.each(['stateful', 'stateless'] as const)('a 5,000-character User-Agent in a two-step sign-in (%s)', (mode) => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ mode, steps: [new PinStep()], flowPolicy: ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']) });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  it('cannot break the sign-in: it completes, and the session keeps exactly the first 512 characters', async () => {
    expect(LONG_USER_AGENT).toHaveLength(5000);
    const client = { clientAddress: '192.0.2.30', userAgent: LONG_USER_AGENT };
    const first = (await auth.commands.execute(new SubmitStepCommand('username-password', { username: 'ann', password: 'pw-of-ann' }, undefined, client))) as PendingSignIn;
    expect(first.status).toBe('next_step');
    const reference: FlowReference = mode === 'stateful' ? { sessionId: first.sessionId! } : { preAuthToken: first.preAuthToken! };
    const done = completed(await auth.commands.execute(new SubmitStepCommand('access-pin', { pin: '123456' }, reference, client)));
    const session = await auth.module.get(SessionRepository).findById(done.tokens.sessionId);
    expect(session?.toState().userAgent?.length).toBe(512);
    expect(session?.toState().userAgent).toBe(LONG_USER_AGENT.slice(0, 512));
  });
});
