import { Query } from '@nestjs/cqrs';
import type { UserPage } from '../../ports/user-directory';

export type { DirectoryUser, UserPage } from '../../ports/user-directory';

/** A page of the identity provider's users, for administrators. */
export class ListUsersQuery extends Query<UserPage> {
  constructor(
    readonly page: number,
    readonly pageSize: number,
    readonly search?: string,
  ) {
    super();
  }
}
