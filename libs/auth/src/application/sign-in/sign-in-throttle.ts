import { Injectable } from '@nestjs/common';
import { TooManyAttemptsError } from '../../domain/auth-error';
import { AttemptCounter, AttemptWindow } from '../../ports/attempt-counter';
import { AuthSettings } from '../auth-settings';

/**
 * Slows password guessing per account and per client address (OWASP Authentication Cheat Sheet).
 * The account counter counts an attempt before the password is checked, so parallel guesses cannot
 * slip past the limit while the hashes run; a success clears it. The client counter counts failures
 * only, so many users behind one address can still sign in.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly settings: AuthSettings,
  ) {}

  async beginAttempt(username: string, clientAddress: string | undefined, now: Date): Promise<void> {
    const { perAccount, perClient } = this.settings.signInThrottle;
    if (clientAddress) {
      const client = await this.counter.peek(clientKey(clientAddress), now);
      if (client && client.count >= perClient.limit) throw tooMany(client, now);
    }
    const account = await this.counter.increment(accountKey(username), perAccount.windowSeconds, now);
    if (account.count > perAccount.limit) throw tooMany(account, now);
  }

  async recordFailure(clientAddress: string | undefined, now: Date): Promise<void> {
    if (!clientAddress) return;
    await this.counter.increment(clientKey(clientAddress), this.settings.signInThrottle.perClient.windowSeconds, now);
  }

  recordSuccess(username: string): Promise<void> {
    return this.counter.reset(accountKey(username));
  }
}

const accountKey = (username: string) => `sign-in:account:${username.toLowerCase()}`;
const clientKey = (address: string) => `sign-in:client:${address}`;

function tooMany(window: AttemptWindow, now: Date): TooManyAttemptsError {
  return new TooManyAttemptsError(Math.max(1, Math.ceil((window.resetsAt.getTime() - now.getTime()) / 1000)));
}
