import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { UserDirectory } from '../../ports/user-directory';
import { MfaSettings } from '../mfa/mfa-settings';
import { OtpChallenges } from '../mfa/otp-challenges';
import { PasswordResetRequested, RequestPasswordResetCommand } from './request-password-reset.command';

@CommandHandler(RequestPasswordResetCommand)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordResetCommand, PasswordResetRequested> {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    private readonly directory: UserDirectory,
    private readonly challenges: OtpChallenges,
    private readonly settings: MfaSettings,
    private readonly clock: Clock,
  ) {}

  async execute({ username }: RequestPasswordResetCommand): Promise<PasswordResetRequested> {
    const now = this.clock.now();
    const challengeId = randomUUID();
    // Not awaited: looking the user up and sending the email take time only when the user exists.
    void this.send(username, challengeId, now).catch((error: unknown) => this.logger.warn(`A password reset code could not be sent: ${(error as Error).message}`));
    return { challengeId, expiresIn: this.settings.challengeTtlSeconds };
  }

  private async send(username: string, challengeId: string, now: Date): Promise<void> {
    const user = await this.directory.findByUsername(username);
    if (!user?.enabled || !user.email) return;
    await this.challenges.issue({ user, channel: 'email', binding: { kind: 'password-reset', challengeId }, purpose: 'password-reset', challengeId }, now);
  }
}
