// Threat: fingerprinting. `X-Powered-By: Express` tells a scanner which framework, and so which
// known weaknesses, to try; it serves no client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, startDemo } from '../support/demo-app';

describe.each(['express', 'fastify'] as const)('X-Powered-By (%s)', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  it('is sent on no answer: a success, an error, an unknown route', async () => {
    for (const response of [await demo.http.get('/auth/options'), await demo.http.get('/auth/me'), await demo.http.get('/nowhere')]) {
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
