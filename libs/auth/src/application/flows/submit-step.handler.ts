import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { SignInResult } from '../sign-in/sign-in-result';
import { SignInEngine } from './sign-in-engine';
import { SubmitStepCommand } from './submit-step.command';

@CommandHandler(SubmitStepCommand)
export class SubmitStepHandler implements ICommandHandler<SubmitStepCommand, SignInResult> {
  constructor(private readonly engine: SignInEngine) {}

  execute({ step, input, reference, client }: SubmitStepCommand): Promise<SignInResult> {
    return this.engine.submit(step, input, reference, client);
  }
}
