import { CommandBus, CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { StepOutOfOrderError } from '../../domain/auth-error';
import { OtpValidatedEvent } from '../../domain/events/otp-validated.event';
import { statusOf } from '../../domain/pending-operation';
import { Clock } from '../../ports/clock';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { LaterStepThrottle } from '../flows/later-step-throttle';
import { CallerOperations } from './caller-operations';
import { GrantElevationCommand } from './grant-elevation.command';
import { StepUpCodes } from './step-up-codes';
import { StepUpMethods } from './step-up-methods';
import { StepUpSessions } from './step-up-sessions';
import { ValidateStepUpCodeCommand, type StepUpValidated } from './validate-step-up-code.command';

/**
 * The validate half of step-up. The handler grants (through `GrantElevationCommand`, awaited) before
 * it answers, so a client that retries on `elevated` always finds its elevation stored; the saga
 * reacts to the grant for what may take longer (resuming a stored command).
 */
@CommandHandler(ValidateStepUpCodeCommand)
export class ValidateStepUpCodeHandler implements ICommandHandler<ValidateStepUpCodeCommand, StepUpValidated> {
  constructor(
    private readonly callerOperations: CallerOperations,
    private readonly operations: PendingOperationStore,
    private readonly methods: StepUpMethods,
    private readonly sessions: StepUpSessions,
    private readonly codes: StepUpCodes,
    private readonly throttle: LaterStepThrottle,
    private readonly commands: CommandBus,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, correlationId, method, code, clientAddress }: ValidateStepUpCodeCommand): Promise<StepUpValidated> {
    const now = this.clock.now();
    const operation = await this.callerOperations.load(correlationId, caller, now);
    // Before the code: a signed-out session's token must not spend a TOTP step or a recovery code.
    await this.sessions.assertActive(caller, now);
    if (operation.state !== 'pending') throw new StepOutOfOrderError(method, 'The operation is not waiting for a code any more; a new request starts a new one.');
    if (!(await this.methods.of(caller.userId, operation.methods)).includes(method)) {
      throw new StepOutOfOrderError(method, `"${method}" cannot prove this operation; use one of the methods of the MFA_REQUIRED answer.`);
    }
    // Wrong codes count with the account's failed later sign-in steps: step-up buys no extra guesses.
    await this.throttle.guard(caller.userId, clientAddress, now, () => this.codes.prove(method, caller.userId, operation.id, code, now));
    this.events.publish(new OtpValidatedEvent(caller.userId, method, now, { correlationId: operation.id, sessionId: caller.sessionId }));
    const granted = await this.commands.execute(new GrantElevationCommand(operation.id, caller));
    const answer: StepUpValidated = { operation: granted.operation, correlationId: operation.id, expiresIn: granted.expiresIn };
    if (!granted.resumable) return answer;
    const current = await this.operations.find(operation.id, now);
    return { ...answer, operationStatus: current ? statusOf(current) : 'pending' };
  }
}
