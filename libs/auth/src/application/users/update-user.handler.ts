import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { DirectoryUser } from '../../ports/user-directory';
import { UpdateUserCommand } from './update-user.command';
import { UserUpdates } from './user-updates';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, DirectoryUser> {
  constructor(private readonly users: UserUpdates) {}

  execute({ userId, changes }: UpdateUserCommand): Promise<DirectoryUser> {
    return this.users.apply(userId, changes);
  }
}
