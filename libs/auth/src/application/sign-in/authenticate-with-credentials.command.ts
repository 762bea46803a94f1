import { Command } from '@nestjs/cqrs';
import type { SignInResult } from './sign-in-result';

/**
 * Signs a user in with a username and password.
 *
 * @example
 * const result = await commandBus.execute(new AuthenticateWithCredentialsCommand('alice', 'secret', { clientAddress: req.ip }));
 */
export class AuthenticateWithCredentialsCommand extends Command<SignInResult> {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly context: {
      readonly clientAddress?: string;
      readonly userAgent?: string;
      /** true: a stateful session; false: stateless; undefined: the configured mode. */
      readonly trackSession?: boolean;
    } = {},
  ) {
    super();
  }
}
