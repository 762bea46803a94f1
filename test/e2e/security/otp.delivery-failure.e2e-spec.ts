// Threat: a broken delivery channel turning into a 500, a hung request, or a code the user never
// got counting against them. A gateway that fails or never answers must give the client a 503 with
// Retry-After in bounded time, naming nothing of the gateway, and a later request must get through
// once the gateway is back.
import { afterEach, describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, startMfaTestApp } from '../support/mfa-test-app';
import { expectProblem } from '../support/problem';

let mfa: MfaTestApp | undefined;
afterEach(async () => {
  await mfa?.close();
  mfa = undefined;
});

async function challengeBySms(flow: object) {
  return mfa!.http.post('/auth/otp/challenge').send({ method: 'sms', ...flow });
}

describe('an SMS code when the gateway is down', () => {
  it('a failing gateway (500): 503 with Retry-After after the retries, nothing of the gateway in the answer', async () => {
    mfa = await startMfaTestApp({ smsRetries: 1 });
    await mfa.enrolTotp();
    const flow = await mfa.pendingFlow();
    mfa.sms.setMode({ kind: 'fail', status: 500 });
    const response = await challengeBySms(flow);
    expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(response.text).not.toMatch(/127\.0\.0\.1|gateway failure|\+1555/);
    expect(mfa.sms.requests).toHaveLength(2);
  });

  it('a hanging gateway: 503 within the timeout per try, not a request left hanging', async () => {
    mfa = await startMfaTestApp({ smsTimeoutMs: 300, smsRetries: 1 });
    await mfa.enrolTotp();
    const flow = await mfa.pendingFlow();
    mfa.sms.setMode({ kind: 'hang' });
    const started = Date.now();
    const response = await challengeBySms(flow);
    expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    // Two tries of 300 ms and a 10 ms pause; the bound leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('once the gateway is back, the same flow gets a code that signs in', async () => {
    mfa = await startMfaTestApp({ smsRetries: 0 });
    await mfa.enrolTotp();
    const flow = await mfa.pendingFlow();
    mfa.sms.setMode({ kind: 'fail', status: 502 });
    expect((await challengeBySms(flow)).status).toBe(503);
    mfa.sms.setMode({ kind: 'accept' });
    expect((await challengeBySms(flow)).status).toBe(202);
    const code = codeIn(mfa.sms.received.at(-1)?.message);
    expect((await mfa.http.post('/auth/otp/validate').send({ method: 'sms', code, ...flow })).status).toBe(200);
  });
});
