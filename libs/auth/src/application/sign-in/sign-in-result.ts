import type { Identity } from '../../domain/identity';
import type { TokenPair } from '../../domain/token-pair';

/** A completed sign-in: the tokens and whom they belong to. */
export interface SignInResult {
  readonly status: 'complete';
  readonly tokens: TokenPair;
  readonly identity: Identity;
}
