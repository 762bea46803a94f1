// Threat: a logout that does not stick. On PostgreSQL a refresh and a logout run on separate
// connections at once; a refresh that read the session before the logout and saved it after used to
// bring the signed-out session back (listed, its new tokens working). Only conditional writes
// (revoke; touch that never revives) keep the logout in place.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest, startDemo } from '../e2e/support/demo-app';
import { expectLogoutToWinRefreshRaces, slowDownDirectory } from '../e2e/support/logout-refresh-race';
import { assertServicesAnswer, TEST_DATABASE_URL, TEST_REDIS_URL } from '../e2e/support/services';

describe('logout racing a refresh on PostgreSQL + Redis (stateful)', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    await assertServicesAnswer();
    demo = await startDemo({ databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL, mode: 'stateful' });
  });
  afterAll(() => demo?.close());

  it('50 rounds fired at once: after both settle the session is revoked, unlisted, and none of its tokens work', async () => {
    await expectLogoutToWinRefreshRaces(demo, 50);
  }, 120_000);

  it('the same with a directory that takes 3 ms, as a remote one does', async () => {
    slowDownDirectory(demo, 3);
    await expectLogoutToWinRefreshRaces(demo, 50);
  }, 120_000);
});
