import { Command } from '@nestjs/cqrs';

/**
 * Ends the module sessions behind the provider sessions a back-channel `logout_token` names
 * (OpenID Connect Back-Channel Logout 1.0). A token that does not verify is refused with 400
 * `VALIDATION_FAILED` on `logout_token`, as the specification asks; ending sessions already ended
 * changes nothing, so a replayed notice is harmless.
 */
export class EndProviderLogoutCommand extends Command<void> {
  constructor(readonly logoutToken: string) {
    super();
  }
}
