import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SignInEngine } from '../flows/sign-in-engine';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';
import type { SignInResult } from './sign-in-result';

/** A password sign-in is the `username-password` step of the flow engine, started without a reference. */
@CommandHandler(AuthenticateWithCredentialsCommand)
export class AuthenticateWithCredentialsHandler implements ICommandHandler<AuthenticateWithCredentialsCommand, SignInResult> {
  constructor(private readonly engine: SignInEngine) {}

  execute({ username, password, context }: AuthenticateWithCredentialsCommand): Promise<SignInResult> {
    return this.engine.submit('username-password', { username, password }, undefined, context);
  }
}
