// The back-channel route is the one place the demo reads a form. Its bounds must be the documented
// ones: a token within maxLength is never refused as too large, whatever characters it holds once
// percent-encoded; a longer one is a 400; a body past the form limit a 413; and the form is read
// on that path only (every other route stays JSON-only, out of reach of a cross-site HTML form).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoUnderTest, startDemo } from './../support/demo-app';
import { expectProblem } from './../support/problem';

for (const platform of ['express', 'fastify'] as const) {
  describe(`the back-channel logout form on ${platform}`, () => {
    let demo: DemoUnderTest;
    beforeAll(async () => {
      demo = await startDemo({ platform });
    });
    afterAll(() => demo?.close());

    const post = (path: string, body: string) => demo.http.post(path).set('content-type', 'application/x-www-form-urlencoded').send(body);

    it('takes a token of the longest documented length made of 3-byte characters (9 bytes each once percent-encoded: the longest body maxLength allows), and answers as for any unverified notice', async () => {
      const answer = await post('/auth/backchannel-logout', `logout_token=${encodeURIComponent('ꊠ'.repeat(8192))}`);
      // The local provider sends no notices: 404, not 413.
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses a token one character past the documented length with 400 naming it', async () => {
      const answer = await post('/auth/backchannel-logout', `logout_token=${'a'.repeat(8193)}`);
      expectProblem(answer, 400, 'VALIDATION_FAILED');
    });

    it('refuses a form past the limit with 413', async () => {
      expectProblem(await post('/auth/backchannel-logout', `logout_token=${'%2A'.repeat(40_000)}`), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('reads no form on any other route', async () => {
      const answer = await post('/auth/login', 'username=alice&password=alice-demo-password');
      expect(answer.status).not.toBe(200);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    });
  });
}
