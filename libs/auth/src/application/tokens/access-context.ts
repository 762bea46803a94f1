import type { VerifiedAccess } from '../../ports/access-token-verifier';

/**
 * Who is calling, as proven by a verified access token, whichever verifier accepted it. Guards
 * attach it to the request and `getIdentity()` reads it. One frozen object per token, reused while
 * the token is remembered as verified.
 */
export interface AccessContext extends VerifiedAccess {
  /** The bearer token as presented, to forward to a downstream API. */
  readonly accessToken: string;
}
