// Threat: an over-long pre_auth_token answered differently from any other unusable one. The README
// promises 401 TOKEN_INVALID for a token over 4096 characters; a 400 VALIDATION_FAILED instead tells
// a prober where the codec's cap lies and breaks clients that restart the sign-in on TOKEN_INVALID.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DemoUnderTest } from '../support/demo-app';
import { expectProblem } from '../support/problem';
import { startFlow, startPinDemo, submitPin } from '../support/sign-in-flow';

describe('an oversized pre_auth_token (stateless)', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo('stateless');
  });
  afterAll(() => demo?.close());

  it.each([4096, 4097, 60_000])('is refused with 401 TOKEN_INVALID at %i characters, at /auth/validate and /auth/login', async (length) => {
    const token = (await startFlow(demo, 'stateless')).pre_auth_token!;
    const padded = token + 'A'.repeat(length - token.length);
    expectProblem(await submitPin(demo, { pre_auth_token: padded }), 401, 'TOKEN_INVALID');
    expectProblem(await demo.http.post('/auth/login').send({ pre_auth_token: padded, otp_code: '123456' }), 401, 'TOKEN_INVALID');
  });
});
