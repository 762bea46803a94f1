import { Injectable, Logger } from '@nestjs/common';
import { IdentityProvider, type ProviderSession } from '../../ports/identity-provider';
import { ProviderSessionStore } from '../../ports/provider-session-store';
import { SecretCipher } from '../../ports/secret-cipher';

/**
 * Keeps each module session beside the identity provider's session it opened (DESIGN.md section 4b:
 * logout also ends the Keycloak session). The provider's handle is a credential (a refresh token),
 * so it is stored sealed, for its module session only.
 */
@Injectable()
export class ProviderSessions {
  private readonly logger = new Logger('ProviderSessions');

  constructor(
    private readonly store: ProviderSessionStore,
    private readonly provider: IdentityProvider,
    private readonly cipher: SecretCipher,
  ) {}

  /** Ties the provider session to the module session `sessionId` (the sign-in flow's id). */
  async link(sessionId: string, session: ProviderSession, now: Date): Promise<void> {
    const sealed = this.cipher.seal(session.handle, contextOf(sessionId));
    await this.store.link({ sessionId, providerSessionId: session.id, handle: JSON.stringify(sealed), expiresAt: session.expiresAt }, now);
  }

  /**
   * Ends the provider session behind a module session that has just ended. The module session is
   * over whatever the provider answers: a provider that cannot be reached ends its session by its
   * own timeout, so the failure is logged rather than undoing or failing the logout.
   */
  async end(sessionId: string, now: Date): Promise<void> {
    const link = await this.store.take(sessionId, now).catch((error: unknown) => this.logged(error, undefined));
    if (!link) return;
    try {
      const handle = this.cipher.open(JSON.parse(link.handle), contextOf(sessionId));
      await this.provider.endSession({ id: link.providerSessionId, handle, expiresAt: link.expiresAt });
    } catch (error) {
      this.logged(error, undefined);
    }
  }

  /** Forgets the provider session behind a module session without ending it: the provider ended it. */
  async drop(sessionId: string, now: Date): Promise<void> {
    await this.store.take(sessionId, now);
  }

  /**
   * Drops the links to a provider session that the provider has ended itself (back-channel logout)
   * and returns the module sessions they tied it to, which the caller then ends.
   */
  async forget(providerSessionId: string, now: Date): Promise<string[]> {
    const sessionIds = await this.store.sessionsOf(providerSessionId, now);
    await Promise.all(sessionIds.map((sessionId) => this.store.take(sessionId, now)));
    return sessionIds;
  }

  private logged<T>(error: unknown, value: T): T {
    // The message only: a provider's error may quote the request, and the request held the handle.
    this.logger.warn(`The identity provider's session could not be ended: ${(error as Error)?.message ?? String(error)}`);
    return value;
  }
}

const contextOf = (sessionId: string) => `provider-session:${sessionId}`;
