// Threat: a client-chosen User-Agent of thousands of characters in a two-step sign-in. The flow
// carries it between the steps (a session row, or a pre_auth_token capped at 4096 characters), so
// an unbounded one would answer 500 or bloat every session. It is cut to its first 512 characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUnderTest } from './support/demo-app';
import { bearer } from './support/problem';
import { expectNextStep, Mode, MODES, startPinDemo, submitPin } from './support/sign-in-flow';

// 5,000 characters that differ along their length, so a cut at any other place shows.
const LONG_USER_AGENT = Array.from({ length: 625 }, (_, i) => `UA/${String(i).padStart(4, '0')}-`).join('');

describe.each(MODES)('a 5,000-character User-Agent over HTTP (%s)', (mode: Mode) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo(mode);
  });
  afterAll(() => demo?.close());

  it('cannot break password then PIN (no 500): it completes, and the session keeps exactly the first 512 characters', async () => {
    expect(LONG_USER_AGENT).toHaveLength(5000);
    const first = await demo.http.post('/auth/validate/username-password').set('user-agent', LONG_USER_AGENT).send({ options: { username: 'alice', password: 'alice-demo-password' } });
    const next = expectNextStep(first, mode);
    const done = await submitPin(demo, next).set('user-agent', LONG_USER_AGENT);
    expect(done.status, done.text).toBe(200);
    expect(done.body.status).toBe('complete');
    const sessions = await demo.http.get('/auth/sessions').set(bearer(done.body.access_token));
    const current = sessions.body.items.find((session: { current: boolean }) => session.current);
    expect(current).toMatchObject({ id: done.body.session_id, user_agent: LONG_USER_AGENT.slice(0, 512) });
  });
});
