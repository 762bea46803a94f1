import { Command } from '@nestjs/cqrs';

/** A new TOTP secret for an authenticator app, waiting for the code that confirms it. */
export interface TotpSetupStarted {
  readonly secret: string;
  readonly otpauthUrl: string;
  /** The `otpauth://` URI as a PNG data URL, for the user to scan. */
  readonly qrCode: string;
}

/**
 * Begins a TOTP setup for the signed-in user (`POST /auth/totp/setup {}`). Until a code confirms it
 * the user has no TOTP; a TOTP they already have keeps working until then.
 */
export class BeginTotpSetupCommand extends Command<TotpSetupStarted> {
  constructor(readonly userId: string) {
    super();
  }
}
