import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AuthModule, AuthValidationPipe, OtplibTotpAuthenticator, SmsWebhookOtpSender, SmtpOtpSender, UserDirectory } from '@stepgate/auth';
import { FixedClock } from '@stepgate/auth/testing';
import { TEST_SIGNING_KEY } from './demo-app';
import { startSmtpTestServer, type SmtpTestServer } from '../../support/smtp-test-server';
import { startSmsTestGateway, type SmsTestGateway } from '../../support/sms-test-gateway';

export const MFA_USER = { username: 'ann', password: 'pw-of-ann', email: 'ann@example.com', phoneNumber: '+15550100009' } as const;

/** AuthModule alone on a fixed clock, delivering over a loopback SMTP server and SMS gateway. */
export interface MfaTestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly clock: FixedClock;
  readonly smtp: SmtpTestServer;
  readonly sms: SmsTestGateway;
  /** The password step for ann; the body names the flow (`session_id` or `pre_auth_token`). */
  login(): Promise<request.Response>;
  /** The flow reference of a fresh password step, ready to spread into a validate body. */
  pendingFlow(): Promise<{ session_id: string } | { pre_auth_token: string }>;
  /** Enrols TOTP for ann over HTTP and returns the secret and the recovery codes. */
  enrolTotp(): Promise<{ secret: string; recoveryCodes: string[]; accessToken: string }>;
  /** The TOTP code of the app's clock, `stepsAhead` time steps later. */
  totpCode(secret: string, stepsAhead?: number): Promise<string>;
  close(): Promise<void>;
}

const totp = new OtplibTotpAuthenticator();
export const codeIn = (text: string | undefined) => /\b([0-9]{6})\b/.exec(text ?? '')?.[1];

export async function startMfaTestApp(options: { mode?: 'stateful' | 'stateless'; smsTimeoutMs?: number; smsRetries?: number } = {}): Promise<MfaTestApp> {
  const mode = options.mode ?? 'stateful';
  const clock = new FixedClock(new Date());
  const smtp = await startSmtpTestServer();
  const sms = await startSmsTestGateway();
  const module = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        mode,
        signingKey: { privateKey: TEST_SIGNING_KEY },
        password: { memoryCost: 1024, timeCost: 1 },
        clock,
        mfa: {
          senders: {
            email: new SmtpOtpSender({ url: smtp.url, from: 'no-reply@stepgate.test' }),
            sms: new SmsWebhookOtpSender({ url: sms.url, timeoutMs: options.smsTimeoutMs ?? 2000, retries: options.smsRetries ?? 1, backoffMs: 10 }),
          },
        },
      }),
    ],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  app.useGlobalPipes(new AuthValidationPipe());
  await app.init();
  await app.get(UserDirectory).create({ ...MFA_USER, groups: ['staff'] });
  const http = request(app.getHttpServer());

  const login = () => http.post('/auth/login').send({ username: MFA_USER.username, password: MFA_USER.password });
  const totpCode = (secret: string, stepsAhead = 0) => totp.generate(secret, new Date(clock.now().getTime() + stepsAhead * 30_000));
  return {
    app,
    http,
    clock,
    smtp,
    sms,
    login,
    totpCode,
    async pendingFlow() {
      const { body } = await login();
      if (body.status !== 'next_step') throw new Error(`expected a next step, got ${JSON.stringify(body)}`);
      return body.session_id ? { session_id: body.session_id } : { pre_auth_token: body.pre_auth_token };
    },
    async enrolTotp() {
      const { body } = await login();
      const bearer = { authorization: `Bearer ${body.access_token}` };
      const begun = await http.post('/auth/totp/setup').set(bearer).send({});
      const confirmed = await http.post('/auth/totp/setup').set(bearer).send({ code: await totpCode(begun.body.secret) });
      if (confirmed.status !== 200) throw new Error(`TOTP setup answered ${confirmed.status}: ${confirmed.text}`);
      // The enrolment code's time step is spent: later codes come from the next steps.
      clock.advance(30);
      return { secret: begun.body.secret, recoveryCodes: confirmed.body.recovery_codes, accessToken: body.access_token };
    },
    async close() {
      await app.close();
      await smtp.close();
      await sms.close();
    },
  };
}
