import type { INestApplication } from '@nestjs/common';
import { afterEach } from 'vitest';
import type request from 'supertest';
import { CommandBus } from '@nestjs/cqrs';
import { BeginTotpSetupCommand, ConfirmTotpSetupCommand, OtplibTotpAuthenticator, SmsWebhookOtpSender, SmtpOtpSender } from '@stepgate/auth';
import { FixedClock, uniqueTag } from '@stepgate/auth/testing';
import { startAuthModuleApp } from './auth-module-app';
import { openPostgresRedisStorage, type PostgresRedisStorage } from './postgres-redis-storage';
import { startSmtpTestServer, type SmtpTestServer } from '../../support/smtp-test-server';
import { startSmsTestGateway, type SmsTestGateway } from '../../support/sms-test-gateway';

export interface MfaUser {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly phoneNumber: string;
}

export interface MfaTestAppOptions {
  mode?: 'stateful' | 'stateless';
  /**
   * `memory`: the module's defaults. `postgres-redis`: users, sessions, TOTP and recovery codes in
   * PostgreSQL (TEST_DATABASE_URL), flow state, attempt counters and OTP challenges in Redis
   * (TEST_REDIS_URL); the start fails when either server does not answer.
   * @default 'memory'
   */
  storage?: 'memory' | 'postgres-redis';
  smsTimeoutMs?: number;
  smsRetries?: number;
}

/** AuthModule alone on a fixed clock, delivering over a loopback SMTP server and SMS gateway. */
export interface MfaTestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly clock: FixedClock;
  readonly smtp: SmtpTestServer;
  readonly sms: SmsTestGateway;
  /** The app's one user, named for this app only, so that shared databases and counters never meet it twice. */
  readonly user: MfaUser;
  /** The password step for the user; the body names the flow (`session_id` or `pre_auth_token`). */
  login(): Promise<request.Response>;
  /** The flow reference of a fresh password step, ready to spread into a validate body. */
  pendingFlow(): Promise<{ session_id: string } | { pre_auth_token: string }>;
  /** Enrols TOTP for the user over HTTP and returns the secret and the recovery codes. */
  enrolTotp(): Promise<{ secret: string; recoveryCodes: string[]; accessToken: string }>;
  /** The TOTP code of the app's clock, `stepsAhead` time steps later. */
  totpCode(secret: string, stepsAhead?: number): Promise<string>;
  /** `POST /auth/otp/validate` of `code` for `flow`. */
  validate(method: 'totp' | 'email' | 'sms' | 'recovery', code: string | undefined, flow: object): request.Test;
  close(): Promise<void>;
}

const totp = new OtplibTotpAuthenticator();
export const codeIn = (text: string | undefined) => /\b([0-9]{6})\b/.exec(text ?? '')?.[1];

export async function startMfaTestApp(options: MfaTestAppOptions = {}): Promise<MfaTestApp> {
  const clock = new FixedClock(new Date());
  const user: MfaUser = { username: `ann-${uniqueTag()}`, password: 'pw-of-ann', email: 'ann@example.com', phoneNumber: '+15550100009' };
  const storage: PostgresRedisStorage | undefined = options.storage === 'postgres-redis' ? await openPostgresRedisStorage([user.username]) : undefined;
  const smtp = await startSmtpTestServer();
  const sms = await startSmsTestGateway();
  const closeServers = async () => {
    await storage?.close();
    await smtp.close();
    await sms.close();
  };
  const { app, http } = await startAuthModuleApp(
    {
      mode: options.mode ?? 'stateful',
      clock,
      ...(storage && { persistence: storage.persistence, stores: storage.stores }),
      mfa: {
        senders: {
          email: new SmtpOtpSender({ url: smtp.url, from: 'no-reply@stepgate.test' }),
          sms: new SmsWebhookOtpSender({ url: sms.url, timeoutMs: options.smsTimeoutMs ?? 2000, retries: options.smsRetries ?? 1, backoffMs: 10 }),
        },
      },
    },
    [{ ...user, groups: ['staff'] }],
  ).catch(async (error: unknown) => {
    await closeServers();
    throw error;
  });

  const commands = app.get(CommandBus);
  const login = () => http.post('/auth/login').send({ username: user.username, password: user.password });
  const totpCode = (secret: string, stepsAhead = 0) => totp.generate(secret, new Date(clock.now().getTime() + stepsAhead * 30_000));
  return {
    app,
    http,
    clock,
    smtp,
    sms,
    user,
    login,
    totpCode,
    validate: (method, code, flow) => http.post('/auth/otp/validate').send({ method, code, ...flow }),
    async pendingFlow() {
      const { body } = await login();
      if (body.status !== 'next_step') throw new Error(`expected a next step, got ${JSON.stringify(body)}`);
      return body.session_id ? { session_id: body.session_id } : { pre_auth_token: body.pre_auth_token };
    },
    async enrolTotp() {
      const { body } = await login();
      // On the bus: over HTTP a user with an email address steps up first, and that would send a
      // code and count against the send limits the suites measure (the route has its own tests).
      const begun = await commands.execute(new BeginTotpSetupCommand(body.user.id));
      const confirmed = await commands.execute(new ConfirmTotpSetupCommand(body.user.id, await totpCode(begun.secret)));
      // The enrolment code's time step is spent: later codes come from the next steps.
      clock.advance(30);
      return { secret: begun.secret, recoveryCodes: [...confirmed.recoveryCodes], accessToken: body.access_token };
    },
    async close() {
      await app.close();
      await closeServers();
    },
  };
}

/** Starts an app for a test of the enclosing suite; the suite closes it after that test. */
export function mfaTestAppPerTest(options: MfaTestAppOptions): () => Promise<MfaTestApp> {
  let current: MfaTestApp | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async () => (current = await startMfaTestApp(options));
}
