import { Command } from '@nestjs/cqrs';

/** What every reset request is answered with, whether or not the user exists. */
export interface PasswordResetRequested {
  readonly challengeId: string;
  readonly expiresIn: number;
}

/**
 * Starts a password reset (`POST /auth/password/forgot`): when `username` names an enabled user with
 * an email address, a code is emailed to it. The answer is the same in every case, and arrives before
 * the email is sent, so neither its content nor its timing tells who has an account.
 */
export class RequestPasswordResetCommand extends Command<PasswordResetRequested> {
  constructor(
    readonly username: string,
    readonly clientAddress?: string,
  ) {
    super();
  }
}
