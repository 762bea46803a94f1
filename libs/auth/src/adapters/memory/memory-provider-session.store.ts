import { type ProviderSessionLink, ProviderSessionStore } from '../../ports/provider-session-store';
import { ExpirySweeper } from './expiry-sweeper';

/** Links of one process, by module session, with the reverse index a back-channel logout reads. */
export class MemoryProviderSessionStore extends ProviderSessionStore {
  private readonly links = new Map<string, ProviderSessionLink>();
  private readonly sweeper = new ExpirySweeper(this.links, (link) => link.expiresAt.getTime());

  async link(link: ProviderSessionLink, now: Date): Promise<void> {
    this.sweeper.sweep(now.getTime());
    this.links.set(link.sessionId, { ...link, expiresAt: new Date(link.expiresAt) });
  }

  async take(sessionId: string, now: Date): Promise<ProviderSessionLink | undefined> {
    const link = this.links.get(sessionId);
    this.links.delete(sessionId);
    return link && link.expiresAt > now ? { ...link, expiresAt: new Date(link.expiresAt) } : undefined;
  }

  async sessionsOf(providerSessionId: string, now: Date): Promise<string[]> {
    const sessions: string[] = [];
    // A provider session has one module session, or a few: a scan of the live links is cheap
    // next to a back-channel notice's signature check, and needs no index to keep in step.
    for (const link of this.links.values()) {
      if (link.providerSessionId === providerSessionId && link.expiresAt > now) sessions.push(link.sessionId);
    }
    return sessions;
  }
}
