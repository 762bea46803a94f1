/**
 * A module session tied to the identity provider's own session behind it (Keycloak: the realm's
 * SSO session the password grant opened), so that ending either ends the other.
 */
export interface ProviderSessionLink {
  /** The module's session (the sign-in flow's id). */
  readonly sessionId: string;
  /** The provider's id of its session (Keycloak `sid`), as a back-channel logout names it. */
  readonly providerSessionId: string;
  /** What ending the provider's session needs (Keycloak: its refresh token), encrypted by the module. */
  readonly handle: string;
  /** When the provider ends its session by itself; the link is forgotten then. */
  readonly expiresAt: Date;
}

/**
 * The links of module sessions to provider sessions, which every instance must see (a logout or a
 * back-channel notice may reach any): memory for one instance, Redis for many.
 */
export abstract class ProviderSessionStore {
  /** Stores the link, replacing an earlier one of the same module session. `now` is the caller's clock. */
  abstract link(link: ProviderSessionLink, now: Date): Promise<void>;

  /**
   * Removes the module session's live link and returns it, as one atomic step: of parallel callers
   * (a logout racing a revocation) exactly one gets it, so the provider's session is ended once.
   */
  abstract take(sessionId: string, now: Date): Promise<ProviderSessionLink | undefined>;

  /** The module sessions whose live link names this provider session (normally one). */
  abstract sessionsOf(providerSessionId: string, now: Date): Promise<string[]>;
}
