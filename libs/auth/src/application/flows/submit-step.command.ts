import { Command } from '@nestjs/cqrs';
import type { SignInResult } from '../sign-in/sign-in-result';
import type { ClientContext } from './sign-in-engine';
import type { FlowReference } from './flow-reference';

/**
 * Submits one step of a sign-in: the first (identifying) step without a reference, later steps with
 * the `sessionId` or `preAuthToken` of the previous answer.
 *
 * @example
 * const first = await commandBus.execute(new SubmitStepCommand('username-password', { username, password }));
 * if (first.status === 'next_step') await commandBus.execute(new SubmitStepCommand('access-pin', { pin }, { sessionId: first.sessionId! }));
 */
export class SubmitStepCommand extends Command<SignInResult> {
  constructor(
    readonly step: string,
    readonly input: unknown,
    readonly reference?: FlowReference,
    readonly client: ClientContext = {},
  ) {
    super();
  }
}
