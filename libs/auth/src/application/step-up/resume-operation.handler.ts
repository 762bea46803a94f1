import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { OperationOutcomes } from './operation-outcomes';
import { StepUpSessions } from './step-up-sessions';
import { ResumeOperationCommand } from './resume-operation.command';
import { resumableCommands } from './resume-operation.command';

@CommandHandler(ResumeOperationCommand)
export class ResumeOperationHandler implements ICommandHandler<ResumeOperationCommand, void> {
  constructor(
    private readonly operations: PendingOperationStore,
    private readonly elevations: ElevationStore,
    private readonly outcomes: OperationOutcomes,
    private readonly sessions: StepUpSessions,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ operationId }: ResumeOperationCommand): Promise<void> {
    const now = this.clock.now();
    // Read from the shared store by id, never from the event: any instance may run this.
    const granted = await this.operations.find(operationId, now);
    if (granted?.state !== 'granted' || !granted.command) return;
    const running = await this.operations.advance(operationId, 'granted', { state: 'running' }, now);
    if (!running?.command) return;
    const { userId, sessionId, operation } = running;
    // The one-shot elevation granted for this operation is what the resumed command spends; a
    // session that ended since (its elevations with it) stops the resume.
    const spent = (await this.sessions.isActive(running, now)) && (await this.elevations.spend({ userId, sessionId, operation }, now, operationId));
    if (!spent) return this.outcomes.failed(operationId, 'The elevation ended before the operation resumed (signed out, or it expired).');
    const command = resumableCommands.rebuild(running.command);
    if (!command) return this.outcomes.failed(operationId, 'This operation cannot be resumed by this server.');
    // A throw goes on to UnhandledExceptionBus (the saga dispatched this command), where it is settled as failed.
    await this.outcomes.completed(operationId, await this.commands.execute(command as never));
  }
}
