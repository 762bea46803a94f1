// Threat: an app's own later step that answers for whoever its input names (a code looked up in a
// shared table, a device bound to another account). Ann's password must not turn into Ben's tokens:
// the engine refuses a step result whose user is not the flow's user, whatever identity comes with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../domain/identity';
import { SignInCompletedEvent } from '../../domain/events/sign-in-completed.event';
import { SessionRepository } from '../../ports/session-repository';
import { SignInStep, StepResult } from '../../ports/sign-in-step';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { PendingSignIn } from '../sign-in/sign-in-result';
import type { FlowReference } from './flow-reference';
import { SubmitStepCommand } from './submit-step.command';

/** Passes for any input and reports the account it was told to, with that account's identity. */
class ForeignAccountStep extends SignInStep<{ code: string }> {
  readonly key = 'foreign-code';
  readonly name = 'Code of another account';
  readonly schema = { type: 'object', properties: { code: { type: 'string' } }, required: ['code'], additionalProperties: false } as const;
  answersFor?: Identity;
  async verify(): Promise<StepResult> {
    return { userId: this.answersFor!.userId, method: 'otp', identity: this.answersFor };
  }
}

describe.each(['stateful', 'stateless'] as const)('a later step reporting another user (%s)', (mode) => {
  let auth: AuthTestingModule;
  const step = new ForeignAccountStep();
  beforeEach(async () => {
    auth = await createAuthTestingModule({ mode, steps: [step], flowPolicy: ({ completedSteps }) => (completedSteps.includes('foreign-code') ? [] : ['foreign-code']) });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    step.answersFor = await auth.directory.create({ username: 'ben', password: 'pw-of-ben', groups: ['admin'] });
  });
  afterEach(() => auth.close());

  const submit = (key: string, input: unknown, reference?: FlowReference) => auth.commands.execute(new SubmitStepCommand(key, input, reference));

  it('a later step verifying another user cannot complete the flow', async () => {
    const first = (await submit('username-password', { username: 'ann', password: 'pw-of-ann' })) as PendingSignIn;
    const reference: FlowReference = mode === 'stateful' ? { sessionId: first.sessionId! } : { preAuthToken: first.preAuthToken! };
    await expect(submit('foreign-code', { code: '1' }, reference)).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: 'The step verified another user than the flow is for.' });
    expect(auth.events.filter((event) => event instanceof SignInCompletedEvent)).toEqual([]);
    const sessions = auth.module.get(SessionRepository);
    expect(await sessions.listActive(step.answersFor!.userId, auth.clock.now())).toEqual([]);
    expect(await sessions.listActive(first.userId, auth.clock.now())).toEqual([]);
  });
});
