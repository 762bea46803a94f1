import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateUserCommand, ListUsersQuery } from '@stepgate/auth';
import { DEMO_USERS } from './demo-users';

/**
 * Creates the demo users that do not exist yet; run on start when DEMO_SEED is on. It goes through
 * the buses like any app would, so the demo passwords pass the same password policy.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { username, password, ...details } of DEMO_USERS) {
      const { items } = await this.queries.execute(new ListUsersQuery(1, 100, username));
      if (items.some((existing) => existing.username === username)) continue;
      await this.commands.execute(new CreateUserCommand(username, password, { ...details, groups: [...details.groups] }));
      this.logger.log(`Seeded demo user ${username}`);
    }
  }
}
