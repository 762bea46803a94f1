import { NotFoundError } from '../domain/auth-error';
import type { Identity } from '../domain/identity';

/**
 * The provider's own session that a successful `authenticate` opened (Keycloak: the realm's SSO
 * session of the password grant). The module keeps it beside the module session it belongs to,
 * so a logout ends both and the provider's back-channel logout finds the module session.
 */
export interface ProviderSession {
  /** The provider's id of the session (Keycloak `sid`). */
  readonly id: string;
  /** What `endSession` needs to end it (Keycloak: the grant's refresh token). Stored encrypted. */
  readonly handle: string;
  /** When the provider ends the session by itself (Keycloak: `refresh_expires_in`). */
  readonly expiresAt: Date;
}

/** An identity a provider vouched for, with the provider session it opened for it, if any. */
export type AuthenticatedIdentity = Identity & { readonly providerSession?: ProviderSession };

/** What a provider-initiated logout (OIDC back-channel logout) says has ended. */
export interface ProviderLogout {
  /** The provider sessions that ended (`sid`); their module sessions end too. */
  readonly sessionIds: readonly string[];
  /** With no session named, every module session of this user ends (`sub` alone). */
  readonly userId?: string;
}

/**
 * Checks a username and password and says who they belong to. The local provider checks the app's
 * own user table; the Keycloak provider asks the realm.
 */
export abstract class IdentityProvider {
  /**
   * Resolves to the identity when the credentials are right, to `undefined` otherwise. An unknown
   * username must cost the same work as a wrong password, so the two cannot be told apart by time.
   * A provider that cannot be asked (down, too slow) throws `ServiceUnavailableError`: the sign-in
   * answers 503 rather than a refusal the user would take for a wrong password.
   */
  abstract authenticate(username: string, password: string): Promise<AuthenticatedIdentity | undefined>;

  /**
   * Ends the provider session a module session opened, once that module session has ended
   * (logout, revocation, refresh-token reuse). The module session is already over when this runs.
   * @default nothing to end
   */
  endSession(_session: ProviderSession): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Verifies a back-channel `logout_token` the provider sent and says which sessions it ends.
   * Throws `TokenInvalidError` for a token that does not verify.
   * @default 404 `NOT_FOUND`: the provider sends none, so the route is as good as absent
   */
  verifyLogoutNotice(_logoutToken: string, _now: Date): Promise<ProviderLogout> {
    return Promise.reject(new NotFoundError('Back-channel logout'));
  }
}
