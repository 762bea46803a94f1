import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserDirectory, UserPage } from '../../ports/user-directory';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, UserPage> {
  constructor(private readonly directory: UserDirectory) {}

  execute({ page, pageSize, search }: ListUsersQuery): Promise<UserPage> {
    return this.directory.list({ page, pageSize, search: search?.trim() || undefined });
  }
}
