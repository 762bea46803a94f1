import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UserDirectory } from '@stepgate/auth';
import { DEMO_USERS } from './demo-users';

/** Creates the demo users that do not exist yet; run on start when DEMO_SEED is on. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(private readonly directory: UserDirectory) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const user of DEMO_USERS) {
      const { items } = await this.directory.list({ page: 1, pageSize: 100, search: user.username });
      if (items.some((existing) => existing.username === user.username)) continue;
      await this.directory.create({ ...user, groups: [...user.groups] });
      this.logger.log(`Seeded demo user ${user.username}`);
    }
  }
}
