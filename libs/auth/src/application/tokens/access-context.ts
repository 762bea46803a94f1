import type { AccessTokenClaims } from '../../domain/access-token-claims';
import type { Identity } from '../../domain/identity';

/** Who is calling, as proven by a verified access token. Guards attach it to the request. */
export interface AccessContext {
  readonly identity: Identity;
  readonly sessionId: string;
  readonly accessToken: string;
  readonly claims: AccessTokenClaims;
}
