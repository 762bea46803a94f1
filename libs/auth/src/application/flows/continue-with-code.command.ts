import { Command } from '@nestjs/cqrs';
import type { SignInResult } from '../sign-in/sign-in-result';
import type { ClientContext } from './sign-in-engine';
import type { FlowReference } from './flow-reference';
import type { OtpMethod } from '../../domain/otp-method';

/**
 * Continues a sign-in with a one-time code (the `otp_code` + `pre_auth_token` form of
 * `POST /auth/login`) at the step `method` names. Without `method` the flow must offer exactly one
 * step that takes a `code`; with several, the request is refused rather than guessed.
 */
export class ContinueWithCodeCommand extends Command<SignInResult> {
  constructor(
    readonly reference: FlowReference,
    readonly code: string,
    readonly client: ClientContext = {},
    readonly method?: OtpMethod,
  ) {
    super();
  }
}
