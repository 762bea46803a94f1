import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { SignInResult } from '../sign-in/sign-in-result';
import { ContinueWithCodeCommand } from './continue-with-code.command';
import { SignInEngine } from './sign-in-engine';

@CommandHandler(ContinueWithCodeCommand)
export class ContinueWithCodeHandler implements ICommandHandler<ContinueWithCodeCommand, SignInResult> {
  constructor(private readonly engine: SignInEngine) {}

  execute({ reference, code, client, method }: ContinueWithCodeCommand): Promise<SignInResult> {
    return this.engine.submitCode(reference, code, client, method);
  }
}
