import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PasswordPolicy } from '../../domain/password-policy';
import { DirectoryUser, UserDirectory } from '../../ports/user-directory';
import { CreateUserCommand } from './create-user.command';
import { acceptEmail, acceptPhoneNumber, acceptUsername } from './user-input';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, DirectoryUser> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
  ) {}

  async execute({ username, password, details }: CreateUserCommand): Promise<DirectoryUser> {
    const name = acceptUsername(username);
    return this.directory.create({
      username: name,
      password: this.policy.accept(password, { field: 'password', username: name }),
      email: acceptEmail(details.email),
      phoneNumber: acceptPhoneNumber(details.phoneNumber),
      groups: details.groups,
      attributes: details.attributes,
    });
  }
}
