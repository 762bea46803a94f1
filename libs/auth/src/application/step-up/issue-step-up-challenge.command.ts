import { Command } from '@nestjs/cqrs';
import type { OtpChannel } from '../../domain/otp-challenge';
import type { IssuedChallenge } from '../mfa/otp-challenges';
import type { StepUpCaller } from './verify-elevation.command';

/**
 * Sends a code by email or SMS for the caller's pending operation `correlationId`, to the user's own
 * address or phone only. Another user's or session's operation answers 404, as an unknown one does.
 */
export class IssueStepUpChallengeCommand extends Command<IssuedChallenge> {
  constructor(
    readonly caller: Pick<StepUpCaller, 'userId' | 'sessionId'>,
    readonly correlationId: string,
    readonly channel: OtpChannel,
  ) {
    super();
  }
}
