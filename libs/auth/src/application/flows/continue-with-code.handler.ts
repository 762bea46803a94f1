import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StepOutOfOrderError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import type { SignInResult } from '../sign-in/sign-in-result';
import { ContinueWithCodeCommand } from './continue-with-code.command';
import { PendingFlows } from './pending-flows';
import { SignInEngine } from './sign-in-engine';
import { SignInSteps } from './sign-in-steps';

@CommandHandler(ContinueWithCodeCommand)
export class ContinueWithCodeHandler implements ICommandHandler<ContinueWithCodeCommand, SignInResult> {
  constructor(
    private readonly flows: PendingFlows,
    private readonly steps: SignInSteps,
    private readonly engine: SignInEngine,
    private readonly clock: Clock,
  ) {}

  async execute({ reference, code, client }: ContinueWithCodeCommand): Promise<SignInResult> {
    const flow = await this.flows.load(reference, this.clock.now());
    const stepKey = flow.nextSteps.find((key) => 'code' in this.steps.get(key).schema.properties);
    if (!stepKey) throw new StepOutOfOrderError('otp');
    return this.engine.submit(stepKey, { code }, reference, client);
  }
}
