import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TokenInvalidError, ValidationFailedError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import { IdentityProvider, type ProviderLogout } from '../../ports/identity-provider';
import { SessionRepository } from '../../ports/session-repository';
import { endSessionsOf } from '../users/user-sessions';
import { EndProviderLogoutCommand } from './end-provider-logout.command';
import { ProviderSessions } from './provider-sessions';
import { SessionRevoker } from './session-revoker';

@CommandHandler(EndProviderLogoutCommand)
export class EndProviderLogoutHandler implements ICommandHandler<EndProviderLogoutCommand, void> {
  constructor(
    private readonly provider: IdentityProvider,
    private readonly providerSessions: ProviderSessions,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ logoutToken }: EndProviderLogoutCommand): Promise<void> {
    const now = this.clock.now();
    const logout = await this.verified(logoutToken, now);
    for (const providerSessionId of logout.sessionIds) {
      // The provider has ended its session already: the links go first, so the revocations below
      // do not ask the provider to end it a second time.
      for (const sessionId of await this.providerSessions.forget(providerSessionId, now)) {
        await this.revoker.revokeById(sessionId, 'provider_logout', now);
      }
    }
    if (logout.sessionIds.length === 0 && logout.userId) await this.endEverySessionOf(logout.userId, now);
  }

  // The same order as above: the provider is in the middle of telling us, so none of its sessions
  // is ended through it again (one call back per session, each waiting on the caller).
  private async endEverySessionOf(userId: string, now: Date): Promise<void> {
    for (const session of await this.sessions.listActive(userId, now)) await this.providerSessions.drop(session.id, now);
    await endSessionsOf(this.sessions, this.revoker, userId, 'provider_logout', now);
  }

  private async verified(logoutToken: string, now: Date): Promise<ProviderLogout> {
    try {
      return await this.provider.verifyLogoutNotice(logoutToken, now);
    } catch (error) {
      if (!(error instanceof TokenInvalidError)) throw error;
      throw new ValidationFailedError([{ field: 'logout_token', message: error.message }], 'The logout token is not valid.');
    }
  }
}
