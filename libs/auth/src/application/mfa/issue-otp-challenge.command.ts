import { Command } from '@nestjs/cqrs';
import type { OtpChannel } from '../../domain/otp-challenge';
import type { FlowReference } from '../flows/flow-reference';
import type { IssuedChallenge } from './otp-challenges';

/**
 * Sends a code by email or SMS for the pending sign-in `reference` names (`POST /auth/otp/challenge`),
 * to the flow's user's own address or phone. The flow must offer that factor now; a new code voids
 * the flow's earlier one.
 */
export class IssueOtpChallengeCommand extends Command<IssuedChallenge> {
  constructor(
    readonly channel: OtpChannel,
    readonly reference: FlowReference,
  ) {
    super();
  }
}
