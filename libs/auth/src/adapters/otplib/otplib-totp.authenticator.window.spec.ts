// Property: clock drift between phone and server is absorbed by exactly `window` time steps on each
// side, no more. A window counted in seconds instead of steps, or off by one, either locks out users
// whose phone runs a little fast or slow, or hands a guesser extra valid codes per attempt.
import { describe, expect, it } from 'vitest';
import { OtplibTotpAuthenticator } from './otplib-totp.authenticator';

const PERIOD = 30;
const totp = new OtplibTotpAuthenticator();
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// 1_700_000_010 s lies 20 s into time step 56_666_666 (a step starts every 30 s from the epoch).
const STEP = 56_666_666;
const stepStart = (step: number) => new Date(step * PERIOD * 1000);
const now = new Date(stepStart(STEP).getTime() + 20_000);

const codeAt = (step: number) => totp.generate(secret, stepStart(step));

describe('drift window', () => {
  it.each([0, 1, 2, 5])('accepts the codes of the %i steps either side of now and returns the step each belongs to', async (window) => {
    for (let offset = -window; offset <= window; offset++) {
      await expect(totp.verify(secret, await codeAt(STEP + offset), { now, window })).resolves.toBe(STEP + offset);
    }
  });

  it.each([0, 1, 2, 5])('refuses the codes one step beyond a window of %i, in the past and in the future', async (window) => {
    await expect(totp.verify(secret, await codeAt(STEP - window - 1), { now, window })).resolves.toBeUndefined();
    await expect(totp.verify(secret, await codeAt(STEP + window + 1), { now, window })).resolves.toBeUndefined();
  });

  it.each([
    ['first', 0],
    ['last', PERIOD - 1],
  ])('counts the window in whole steps, also in the %s second of a step', async (_, second) => {
    const at = new Date(stepStart(STEP).getTime() + second * 1000);
    await expect(totp.verify(secret, await codeAt(STEP - 1), { now: at, window: 1 })).resolves.toBe(STEP - 1);
    await expect(totp.verify(secret, await codeAt(STEP + 1), { now: at, window: 1 })).resolves.toBe(STEP + 1);
    await expect(totp.verify(secret, await codeAt(STEP - 2), { now: at, window: 1 })).resolves.toBeUndefined();
    await expect(totp.verify(secret, await codeAt(STEP + 2), { now: at, window: 1 })).resolves.toBeUndefined();
  });

  it('honours a longer period: a 60 s step moves the window by 60 s', async () => {
    const slow = new OtplibTotpAuthenticator({ periodSeconds: 60 });
    const at = new Date(1_700_000_010_000);
    const step = Math.floor(1_700_000_010 / 60);
    const previous = await slow.generate(secret, new Date(at.getTime() - 60_000));
    const twoBack = await slow.generate(secret, new Date(at.getTime() - 120_000));
    await expect(slow.verify(secret, previous, { now: at, window: 1 })).resolves.toBe(step - 1);
    await expect(slow.verify(secret, twoBack, { now: at, window: 1 })).resolves.toBeUndefined();
  });

  it.each([-1, 1.5, Number.NaN, 50])('refuses to run with a misconfigured window (%s) instead of guessing one', async (window) => {
    await expect(totp.verify(secret, await codeAt(STEP), { now, window })).rejects.toThrow(RangeError);
  });
});
