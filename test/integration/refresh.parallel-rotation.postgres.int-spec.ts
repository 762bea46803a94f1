// Threat: a race on rotation across real concurrency. On PostgreSQL the ten requests run on separate
// connections at once; only an atomic check-and-spend (not read-then-write) keeps it to one winner.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../e2e/support/demo-app';
import { expectSingleRotation } from '../e2e/support/rotation';
import { assertServicesAnswer, TEST_DATABASE_URL, TEST_REDIS_URL } from '../e2e/support/services';

describe('ten parallel refreshes with one token on PostgreSQL + Redis', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    await assertServicesAnswer();
    demo = await startDemo({ databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL });
  });
  afterAll(() => demo?.close());

  it.each([1, 2, 3, 4, 5])('exactly one rotates; nine get 401 REFRESH_TOKEN_REUSED (round %i)', async () => {
    await expectSingleRotation(demo, (await signIn(demo, 'alice')).refresh_token);
  });
});
