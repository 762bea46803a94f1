import { Command } from '@nestjs/cqrs';
import type { CompletedSignIn } from '../sign-in/sign-in-result';

/** Exchanges a refresh token for a new pair; the presented token is spent. */
export class RefreshTokensCommand extends Command<CompletedSignIn> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
