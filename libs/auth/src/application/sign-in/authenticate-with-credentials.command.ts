import { Command } from '@nestjs/cqrs';
import type { SignInResult } from './sign-in-result';
import type { ClientContext } from '../flows/sign-in-engine';

/**
 * Signs a user in with a username and password: the `username-password` step. The result is
 * complete, or names the steps that must follow.
 *
 * @example
 * const result = await commandBus.execute(new AuthenticateWithCredentialsCommand('alice', 'secret', { clientAddress: req.ip }));
 */
export class AuthenticateWithCredentialsCommand extends Command<SignInResult> {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly context: ClientContext = {},
  ) {
    super();
  }
}
