// Threat: a code checked by the wrong factor. `POST /auth/login` with `otp_code` ran the first
// offered step that takes a `code`, so a recovery code sent that way was checked as a TOTP code
// (and, once real factors exist, a TOTP guess could be spent against another factor's counter).
// The client names the factor with `method`; without it only an unambiguous flow continues.
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthModule, AuthValidationPipe, InvalidCredentialsError, SignInStep, type StepContext, type StepResult, UserDirectory } from '@stepgate/auth';
import { TEST_SIGNING_KEY } from '../support/demo-app';
import { claimsOf } from '../support/jwt';
import { expectFieldError, expectProblem } from '../support/problem';

const CODE_SCHEMA = { type: 'object', properties: { code: { type: 'string', minLength: 6, maxLength: 12 } }, required: ['code'], additionalProperties: false } as const;

/** A code step accepting one fixed code, remembering the context the engine gave it. */
class FixedCodeStep extends SignInStep<{ code: string }> {
  readonly name: string;
  readonly schema = CODE_SCHEMA;
  readonly contexts: StepContext[] = [];
  constructor(
    readonly key: string,
    private readonly code: string,
    private readonly method: StepResult['method'],
  ) {
    super();
    this.name = key;
  }
  async verify({ code }: { code: string }, context: StepContext): Promise<StepResult> {
    this.contexts.push(context);
    if (code !== this.code) throw new InvalidCredentialsError();
    return { userId: context.userId!, method: this.method };
  }
}

const TOTP = '111111';
const RECOVERY = 'rc-2222-3333';

describe('POST /auth/login with otp_code: the factor is the one `method` names (stateless)', () => {
  const totp = new FixedCodeStep('totp', TOTP, 'otp');
  const recovery = new FixedCodeStep('recovery-code', RECOVERY, 'swk');
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let offered: string[] = ['totp', 'recovery-code'];

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          mode: 'stateless',
          signingKey: { privateKey: TEST_SIGNING_KEY },
          password: { memoryCost: 1024, timeCost: 1 },
          steps: [totp, recovery],
          flowPolicy: ({ completedSteps }) => (completedSteps.length > 1 ? [] : offered),
        }),
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalPipes(new AuthValidationPipe());
    await app.init();
    await app.get(UserDirectory).create({ username: 'ann', password: 'pw-of-ann', groups: ['staff'] });
    http = request(app.getHttpServer());
  });
  afterAll(() => app?.close());

  const flow = async () => (await http.post('/auth/login').send({ username: 'ann', password: 'pw-of-ann' })).body.pre_auth_token as string;
  const code = (preAuthToken: string, otpCode: string, method?: string) =>
    http.post('/auth/login').send({ pre_auth_token: preAuthToken, otp_code: otpCode, ...(method ? { method } : {}) });

  it('checks a recovery code sent with method "recovery" by the recovery-code step, never as TOTP', async () => {
    const before = totp.contexts.length;
    const done = await code(await flow(), RECOVERY, 'recovery');
    expect(done.status, done.text).toBe(200);
    expect(claimsOf(done.body.access_token).amr).toEqual(['pwd', 'swk', 'mfa']);
    expect(totp.contexts.length).toBe(before);
  });

  it('checks a recovery code sent with method "totp" as TOTP: refused', async () => {
    expectProblem(await code(await flow(), RECOVERY, 'totp'), 401, 'INVALID_CREDENTIALS');
  });

  it('refuses to guess between two offered code steps: 400 naming `method`', async () => {
    expectFieldError(await code(await flow(), RECOVERY), 'method');
  });

  it('answers STEP_OUT_OF_ORDER for a method the flow does not offer, and VALIDATION_FAILED for an unknown one', async () => {
    expectProblem(await code(await flow(), TOTP, 'sms'), 409, 'STEP_OUT_OF_ORDER');
    expectFieldError(await code(await flow(), TOTP, 'carrier-pigeon'), 'method');
  });

  it('still continues without `method` when exactly one offered step takes a code', async () => {
    offered = ['totp'];
    try {
      const done = await code(await flow(), TOTP);
      expect(done.status, done.text).toBe(200);
    } finally {
      offered = ['totp', 'recovery-code'];
    }
  });

  it("tells the step the flow's id and mode", async () => {
    const done = await code(await flow(), TOTP, 'totp');
    expect(done.status, done.text).toBe(200);
    expect(totp.contexts.at(-1)).toMatchObject({ flowId: done.body.session_id, mode: 'stateless', completedSteps: ['username-password'] });
  });
});
