import type { Identity } from '../../domain/identity';
import type { TokenPair } from '../../domain/token-pair';

/** A completed sign-in: the tokens and whom they belong to. */
export interface CompletedSignIn {
  readonly status: 'complete';
  readonly tokens: TokenPair;
  readonly identity: Identity;
}

/** A sign-in that needs more steps; the client continues it with `sessionId` or `preAuthToken`. */
export interface PendingSignIn {
  readonly status: 'next_step';
  readonly userId: string;
  readonly nextSteps: readonly string[];
  /** Stateful mode: the pending session. */
  readonly sessionId?: string;
  /** Stateless mode: the sealed flow state. */
  readonly preAuthToken?: string;
  /** Seconds left to pass the next step. */
  readonly expiresIn: number;
}

/** What a sign-in command answers: complete with tokens, or the steps still asked for. */
export type SignInResult = CompletedSignIn | PendingSignIn;

/**
 * The completed sign-in, or an error naming the steps still asked for: for callers that enable no second step.
 *
 * @example
 * const { tokens } = completed(await commandBus.execute(new AuthenticateWithCredentialsCommand('ann', 'pw')));
 */
export function completed(result: SignInResult): CompletedSignIn {
  if (result.status !== 'complete') throw new Error(`expected a completed sign-in, got next steps ${result.nextSteps.join(', ')}`);
  return result;
}
