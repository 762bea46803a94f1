// Threat: a code seen over a shoulder, in a proxy log or phished in real time is replayed while it
// is still inside the drift window. Passing the last accepted step as `afterTimeStep` refuses that
// step and every earlier one, while the user's next code still works.
import { describe, expect, it } from 'vitest';
import { OtplibTotpAuthenticator } from './otplib-totp.authenticator';

const PERIOD = 30;
const totp = new OtplibTotpAuthenticator();
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP = 56_666_666;
const stepStart = (step: number) => new Date(step * PERIOD * 1000);
const now = new Date(stepStart(STEP).getTime() + 20_000);
const window = 1;

const codeAt = (step: number) => totp.generate(secret, stepStart(step));

describe('replay of an accepted code', () => {
  it('refuses the very code it just accepted once its step is passed back', async () => {
    const code = await codeAt(STEP);
    const accepted = await totp.verify(secret, code, { now, window });
    expect(accepted).toBe(STEP);
    await expect(totp.verify(secret, code, { now, window, afterTimeStep: accepted })).resolves.toBeUndefined();
    await expect(totp.verify(secret, code, { now: new Date(now.getTime() + 5_000), window, afterTimeStep: accepted })).resolves.toBeUndefined();
  });

  it('refuses a code of an earlier step still inside the window', async () => {
    await expect(totp.verify(secret, await codeAt(STEP - 1), { now, window, afterTimeStep: STEP })).resolves.toBeUndefined();
  });

  it('accepts a code of a later step, so the next code the app shows still signs in', async () => {
    await expect(totp.verify(secret, await codeAt(STEP + 1), { now, window, afterTimeStep: STEP })).resolves.toBe(STEP + 1);
    await expect(totp.verify(secret, await codeAt(STEP), { now, window, afterTimeStep: STEP - 1 })).resolves.toBe(STEP);
  });

  it('refuses everything, without throwing, when the last accepted step is at or past the end of the window (a clock set back)', async () => {
    for (const afterTimeStep of [STEP + window, STEP + window + 1, STEP + 1_000]) {
      for (let step = STEP - window; step <= STEP + window; step++) {
        await expect(totp.verify(secret, await codeAt(step), { now, window, afterTimeStep })).resolves.toBeUndefined();
      }
    }
  });

  it('treats a negative last step as none accepted yet', async () => {
    await expect(totp.verify(secret, await codeAt(STEP), { now, window, afterTimeStep: -1 })).resolves.toBe(STEP);
  });
});
