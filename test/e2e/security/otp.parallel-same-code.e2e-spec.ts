// Threat: one code spent twice. A TOTP code, a recovery code or an emailed code submitted by two
// requests at once (a phished code replayed while the user submits it, or a double submit) must
// complete exactly one sign-in; the peer that checks `codes.includes(code)` and then rewrites the
// list lets both through. The contract suites prove the stores' atomicity; this proves the routes
// keep it, in both modes.
import { afterEach, describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, startMfaTestApp } from '../support/mfa-test-app';

const PARALLEL = 10;
let mfa: MfaTestApp | undefined;
afterEach(async () => {
  await mfa?.close();
  mfa = undefined;
});

const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();
const oneWinner = [200, ...Array<number>(PARALLEL - 1).fill(401)];

// One after another: the race under test is the codes', and one address may have only a few
// password checks in flight at once (the sign-in throttle would answer the rest 429).
async function pendingFlows() {
  const flows = [];
  for (let i = 0; i < PARALLEL; i++) flows.push(await mfa!.pendingFlow());
  return flows;
}

describe.each(['stateful', 'stateless'] as const)('one code sent %s by parallel requests', (mode) => {
  it('a TOTP code completes exactly one of ten pending sign-ins', async () => {
    mfa = await startMfaTestApp({ mode });
    const { secret } = await mfa.enrolTotp();
    const flows = await pendingFlows();
    const code = await mfa.totpCode(secret);
    const responses = await Promise.all(flows.map((flow) => mfa!.http.post('/auth/otp/validate').send({ method: 'totp', code, ...flow })));
    expect(statuses(responses)).toEqual(oneWinner);
    expect(responses.filter((response) => response.status === 401).every((response) => response.body.code === 'OTP_INVALID')).toBe(true);
  });

  it('a recovery code completes exactly one of ten pending sign-ins, through /auth/validate/recovery-code as well', async () => {
    mfa = await startMfaTestApp({ mode });
    const { recoveryCodes } = await mfa.enrolTotp();
    const flows = await pendingFlows();
    const responses = await Promise.all(
      flows.map((flow, index) =>
        index % 2 === 0
          ? mfa!.http.post('/auth/otp/validate').send({ method: 'recovery', code: recoveryCodes[0], ...flow })
          : mfa!.http.post('/auth/validate/recovery-code').send({ options: { code: recoveryCodes[0] }, ...flow }),
      ),
    );
    expect(statuses(responses)).toEqual(oneWinner);
  });

  it('an emailed code submitted ten times at once for its flow completes the sign-in once', async () => {
    mfa = await startMfaTestApp({ mode });
    await mfa.enrolTotp();
    const flow = await mfa.pendingFlow();
    expect((await mfa.http.post('/auth/otp/challenge').send({ method: 'email', ...flow })).status).toBe(202);
    const code = codeIn((await mfa.smtp.nextMessage()).text);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => mfa!.http.post('/auth/otp/validate').send({ method: 'email', code, ...flow })));
    const won = responses.filter((response) => response.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0]!.body.status).toBe('complete');
    // The losers find the code spent or the flow already complete: a 4xx each, never a second token.
    expect(responses.every((response) => response.status === 200 || (response.status >= 400 && response.status < 500))).toBe(true);
  });
});
