import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnauthenticatedError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import { QrCodeRenderer } from '../../ports/qr-code-renderer';
import { UserDirectory } from '../../ports/user-directory';
import { BeginTotpSetupCommand, TotpSetupStarted } from './begin-totp-setup.command';
import { TotpCodes } from './totp-codes';

@CommandHandler(BeginTotpSetupCommand)
export class BeginTotpSetupHandler implements ICommandHandler<BeginTotpSetupCommand, TotpSetupStarted> {
  constructor(
    private readonly totp: TotpCodes,
    private readonly directory: UserDirectory,
    private readonly qrCodes: QrCodeRenderer,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: BeginTotpSetupCommand): Promise<TotpSetupStarted> {
    const user = await this.directory.findById(userId);
    if (!user?.enabled) throw new UnauthenticatedError('The account no longer exists.');
    const setup = await this.totp.begin(userId, user.email ?? user.username, this.clock.now());
    return { ...setup, qrCode: await this.qrCodes.pngDataUrl(setup.otpauthUrl) };
  }
}
