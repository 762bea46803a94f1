// Threat: guessing a second step (an access PIN, later an MFA code) across many flows. The per-flow
// cap alone resets with every new flow, and a right password starts a new one at will: the failures
// at later steps must count per account across flows, cleared only by a completed sign-in, and be
// counted before the check, so parallel guesses cannot overshoot.
import { afterEach, describe, expect, it } from 'vitest';
import { DemoUnderTest } from '../support/demo-app';
import { expectProblem } from '../support/problem';
import { PIN, WRONG_PIN, startFlow, startPinDemo, submitPin } from '../support/sign-in-flow';

describe('later-step guessing across flows (stateful)', () => {
  let demo: DemoUnderTest | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  /** Four wrong PINs in each of `flows` fresh flows: the per-flow cap (5) never closes a flow. */
  async function wrongPins(flows: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let f = 0; f < flows; f++) {
      const next = await startFlow(demo!, 'stateful', 'carol');
      for (let i = 0; i < 4; i++) statuses.push((await submitPin(demo!, next, WRONG_PIN)).status);
    }
    return statuses;
  }

  it('after 25 wrong PINs in separate flows, the account’s later steps answer 429 with Retry-After, even for the right PIN', async () => {
    demo = await startPinDemo('stateful');
    const statuses = await wrongPins(7); // 28 attempts
    expect(statuses.slice(0, 25).every((status) => status === 401), statuses.join(',')).toBe(true);
    expect(statuses.slice(25).every((status) => status === 429), statuses.join(',')).toBe(true);
    const refused = await submitPin(demo, await startFlow(demo, 'stateful', 'carol'), PIN);
    expectProblem(refused, 429, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another account is not touched.
    expect((await submitPin(demo, await startFlow(demo, 'stateful', 'bob'), PIN)).status).toBe(200);
  });

  it('40 parallel wrong PINs over 10 flows: at most 25 reach the check', async () => {
    demo = await startPinDemo('stateful');
    const flows = [];
    for (let f = 0; f < 10; f++) flows.push(await startFlow(demo, 'stateful', 'carol'));
    const responses = await Promise.all(flows.flatMap((next) => Array.from({ length: 4 }, () => submitPin(demo!, next, WRONG_PIN))));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length, statuses.join(',')).toBeLessThanOrEqual(25);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('a completed sign-in clears the count; a right password alone does not', async () => {
    demo = await startPinDemo('stateful');
    expect((await wrongPins(5)).slice(0, 20).every((status) => status === 401)).toBe(true);
    expect((await submitPin(demo, await startFlow(demo, 'stateful', 'carol'), PIN)).status).toBe(200);
    const after = await wrongPins(6);
    expect(after.slice(0, 24).every((status) => status === 401), after.join(',')).toBe(true);
  });
});
