import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SetPasswordCommand } from './set-password.command';
import { UserUpdates } from './user-updates';

@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand, void> {
  constructor(private readonly users: UserUpdates) {}

  async execute({ userId, newPassword }: SetPasswordCommand): Promise<void> {
    await this.users.apply(userId, { password: newPassword });
  }
}
