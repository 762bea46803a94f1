import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FlowExpiredError, StepOutOfOrderError } from '../../domain/auth-error';
import { STEP_OF_OTP_METHOD } from '../../domain/otp-method';
import { Clock } from '../../ports/clock';
import { UserDirectory } from '../../ports/user-directory';
import { PendingFlows } from '../flows/pending-flows';
import { IssueOtpChallengeCommand } from './issue-otp-challenge.command';
import { IssuedChallenge, OtpChallenges } from './otp-challenges';

@CommandHandler(IssueOtpChallengeCommand)
export class IssueOtpChallengeHandler implements ICommandHandler<IssueOtpChallengeCommand, IssuedChallenge> {
  constructor(
    private readonly flows: PendingFlows,
    private readonly directory: UserDirectory,
    private readonly challenges: OtpChallenges,
    private readonly clock: Clock,
  ) {}

  async execute({ channel, reference }: IssueOtpChallengeCommand): Promise<IssuedChallenge> {
    const now = this.clock.now();
    const flow = await this.flows.load(reference, now);
    const step = STEP_OF_OTP_METHOD[channel];
    if (!flow.nextSteps.includes(step)) throw new StepOutOfOrderError(step);
    const user = await this.directory.findById(flow.userId);
    if (!user?.enabled) throw new FlowExpiredError('The account is no longer available.');
    return this.challenges.issue({ user, channel, binding: { kind: 'flow', flowId: flow.id }, purpose: 'sign-in' }, now);
  }
}
