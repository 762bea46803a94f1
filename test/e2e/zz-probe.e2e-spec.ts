import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from './support/demo-app';

describe.each(['express', 'fastify'] as const)('probe %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => { demo = await startDemo({ platform }); });
  afterAll(() => demo?.close());
  it('probes', async () => {
    for (let i = 0; i < 15; i++) {
      const t = await signIn(demo, 'alice');
      const rs = await Promise.all(Array.from({ length: 10 }, () => demo.http.post('/auth/refresh').send({ refresh_token: t.refresh_token })));
      console.log(platform, rs.map((r) => r.status === 200 ? 200 : r.body.code).join(','));
    }
  }, 60000);
});
