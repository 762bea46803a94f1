import { Command } from '@nestjs/cqrs';

/** TOTP is on; the recovery codes are shown this once. */
export interface TotpEnabled {
  readonly recoveryCodes: readonly string[];
}

/**
 * Confirms the begun TOTP setup with a code from the app (`POST /auth/totp/setup { code }`): TOTP is
 * enabled, recovery codes are issued (earlier ones are void), and the user's sign-ins now need a
 * second factor.
 */
export class ConfirmTotpSetupCommand extends Command<TotpEnabled> {
  constructor(
    readonly userId: string,
    readonly code: string,
  ) {
    super();
  }
}
