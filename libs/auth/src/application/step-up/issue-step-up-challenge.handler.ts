import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StepOutOfOrderError, UnauthenticatedError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import { UserDirectory } from '../../ports/user-directory';
import { type IssuedChallenge, OtpChallenges } from '../mfa/otp-challenges';
import { CallerOperations } from './caller-operations';
import { StepUpSessions } from './step-up-sessions';
import { IssueStepUpChallengeCommand } from './issue-step-up-challenge.command';

@CommandHandler(IssueStepUpChallengeCommand)
export class IssueStepUpChallengeHandler implements ICommandHandler<IssueStepUpChallengeCommand, IssuedChallenge> {
  constructor(
    private readonly callerOperations: CallerOperations,
    private readonly sessions: StepUpSessions,
    private readonly directory: UserDirectory,
    private readonly challenges: OtpChallenges,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, correlationId, channel }: IssueStepUpChallengeCommand): Promise<IssuedChallenge> {
    const now = this.clock.now();
    const operation = await this.callerOperations.load(correlationId, caller, now);
    // A stateless token outlives its logout: no code is sent for a session that has ended.
    await this.sessions.assertActive(caller, now);
    if (operation.state !== 'pending') throw new StepOutOfOrderError(channel, 'The operation is not waiting for a code any more; a new request starts a new one.');
    if (!operation.methods.includes(channel)) throw new StepOutOfOrderError(channel, `"${channel}" cannot prove this operation; use one of the methods of the MFA_REQUIRED answer.`);
    const user = await this.directory.findById(caller.userId);
    if (!user?.enabled) throw new UnauthenticatedError('The account is no longer available.');
    // The destination is read from the directory here, never from the request: a code for an
    // operation goes to the account's own address or phone (400 when it has none).
    return this.challenges.issue({ user, channel, binding: { kind: 'operation', operationId: operation.id }, purpose: 'step-up' }, now);
  }
}
