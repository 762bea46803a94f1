// Threat: a race on rotation. If two requests with the same refresh token can both read it as
// unspent before either marks it, a thief racing the client gets a live pair of their own; the
// rotation must be one atomic check-and-spend so exactly one request wins.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { expectSingleRotation } from '../support/rotation';

describe.each(['express', 'fastify'] as const)('ten parallel refreshes with one token on SQLite (%s)', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  it.each([1, 2, 3])('exactly one rotates; nine get 401 REFRESH_TOKEN_REUSED (round %i)', async () => {
    await expectSingleRotation(demo, (await signIn(demo, 'alice')).refresh_token);
  });
});
