// Threat: a first step misled about the flow it runs in. An app's identifying step may behave
// differently when other steps have already vouched for the user (skip a check it would otherwise
// make); at the first step nothing has been completed yet, and the step must be told exactly that.
import { afterEach, describe, expect, it } from 'vitest';
import { SignInStep, StepContext, StepResult } from '../../ports/sign-in-step';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import { SubmitStepCommand } from './submit-step.command';

/** An identifying step that signs in whoever presents a badge, and remembers what it was told. */
class BadgeStep extends SignInStep<{ badge: string }> {
  readonly key = 'badge';
  readonly name = 'Badge';
  readonly schema = { type: 'object', properties: { badge: { type: 'string' } }, required: ['badge'], additionalProperties: false } as const;
  override readonly identifies = true;
  readonly contexts: StepContext[] = [];
  constructor(private readonly userId: () => string) {
    super();
  }
  async verify(_input: { badge: string }, context: StepContext): Promise<StepResult> {
    this.contexts.push(context);
    return { userId: this.userId(), method: 'hwk' };
  }
}

describe('the context of a first step', () => {
  let auth: AuthTestingModule;
  afterEach(() => auth.close());

  it('an identifying step is told that no step has completed yet, and no user is known', async () => {
    let annId = '';
    const badge = new BadgeStep(() => annId);
    auth = await createAuthTestingModule({ steps: [badge], flowPolicy: () => [] });
    annId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
    await expect(auth.commands.execute(new SubmitStepCommand('badge', { badge: 'b-1' }, undefined, { clientAddress: '192.0.2.5' }))).resolves.toMatchObject({ status: 'complete' });
    expect(badge.contexts).toHaveLength(1);
    expect(badge.contexts[0]).toMatchObject({ clientAddress: '192.0.2.5', now: auth.clock.now() });
    expect(badge.contexts[0].completedSteps).toEqual([]);
    expect(badge.contexts[0].userId).toBeUndefined();
  });
});
