import { Command } from '@nestjs/cqrs';
import type { SignInResult } from '../sign-in/sign-in-result';
import type { ClientContext } from './sign-in-engine';
import type { FlowReference } from './flow-reference';

/**
 * Continues a sign-in with a one-time code, letting the engine pick which of the offered steps takes
 * a `code` (the `otp_code` + `pre_auth_token` form of `POST /auth/login`).
 */
export class ContinueWithCodeCommand extends Command<SignInResult> {
  constructor(
    readonly reference: FlowReference,
    readonly code: string,
    readonly client: ClientContext = {},
  ) {
    super();
  }
}
