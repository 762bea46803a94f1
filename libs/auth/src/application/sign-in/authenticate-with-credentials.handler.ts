import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { AuthSession } from '../../domain/auth-session';
import { InvalidCredentialsError } from '../../domain/auth-error';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { Clock } from '../../ports/clock';
import { IdentityProvider } from '../../ports/identity-provider';
import { SessionRepository } from '../../ports/session-repository';
import { AuthSettings } from '../auth-settings';
import { TokenIssuer } from '../tokens/token-issuer';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';
import { SignInThrottle } from './sign-in-throttle';
import type { SignInResult } from './sign-in-result';

@CommandHandler(AuthenticateWithCredentialsCommand)
export class AuthenticateWithCredentialsHandler implements ICommandHandler<AuthenticateWithCredentialsCommand, SignInResult> {
  constructor(
    private readonly identityProvider: IdentityProvider,
    private readonly sessions: SessionRepository,
    private readonly issuer: TokenIssuer,
    private readonly throttle: SignInThrottle,
    private readonly settings: AuthSettings,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute({ username, password, context }: AuthenticateWithCredentialsCommand): Promise<SignInResult> {
    const now = this.clock.now();
    try {
      await this.throttle.beginAttempt(username, context.clientAddress, now);
    } catch (error) {
      this.events.publish(new SignInFailedEvent(username, context.clientAddress, 'throttled', now));
      throw error;
    }
    const identity = await this.identityProvider.authenticate(username, password);
    if (!identity) {
      await this.throttle.recordFailure(context.clientAddress, now);
      this.events.publish(new SignInFailedEvent(username, context.clientAddress, 'invalid_credentials', now));
      throw new InvalidCredentialsError();
    }
    await this.throttle.recordSuccess(username);

    const mode = context.trackSession === undefined ? this.settings.defaultMode : context.trackSession ? 'stateful' : 'stateless';
    const expiresAt = new Date(now.getTime() + this.settings.refreshTokenTtlSeconds * 1000);
    const session = AuthSession.start({ id: randomUUID(), userId: identity.userId, mode, now, expiresAt, ip: context.clientAddress, userAgent: context.userAgent });
    session.completeFactor('pwd');
    session.activate(now, expiresAt);
    await this.sessions.save(session);
    const tokens = await this.issuer.issue(session, identity, now);
    this.events.publishAll(session.pullEvents());
    return { status: 'complete', tokens, identity };
  }
}
