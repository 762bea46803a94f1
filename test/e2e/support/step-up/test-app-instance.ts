import { Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  AuthModule,
  BeginTotpSetupCommand,
  ConfirmTotpSetupCommand,
  type AuthModuleOptions,
  AuthValidationPipe,
  type NewUser,
  OtplibTotpAuthenticator,
  SmsWebhookOtpSender,
  SmtpOtpSender,
  UserDirectory,
} from '@stepgate/auth';
import type { FixedClock } from '@stepgate/auth/testing';
import { TEST_SIGNING_KEY } from '../demo-app';
import { codeIn } from '../mfa-test-app';
import type { PostgresRedisStorage } from '../postgres-redis-storage';
import type { SmtpTestServer } from '../../../support/smtp-test-server';
import type { SmsTestGateway } from '../../../support/sms-test-gateway';
import { CommandRuns, ExportHandler, PurgeArchiveHandler, StackedElevationController, StepUpTestController } from './test-routes';
import type { SignedIn, StepUpTestApp, StepUpTestAppOptions, StepUpUser, StepUpUserName } from './test-app.types';

const totp = new OtplibTotpAuthenticator();

/** What the instances of one group share, as the instances of one deployment would. */
export interface Group {
  readonly options: StepUpTestAppOptions;
  readonly clock: FixedClock;
  readonly smtp: SmtpTestServer;
  readonly sms: SmsTestGateway;
  readonly storage: PostgresRedisStorage | undefined;
  readonly users: Readonly<Record<StepUpUserName, StepUpUser>>;
  readonly runs: CommandRuns;
  totpSecret?: string;
  readonly instances: StepUpTestApp[];
}

export async function closeGroup(group: Group): Promise<void> {
  for (const instance of group.instances.splice(0)) await instance.app.close();
  await group.storage?.close();
  await group.smtp.close();
  await group.sms.close();
}

export async function startInstance(group: Group, storage: Pick<AuthModuleOptions, 'persistence' | 'stores'>, seed: readonly NewUser[]): Promise<StepUpTestApp> {
  const { options, clock, smtp, sms, runs, users } = group;
  const authOptions: AuthModuleOptions = {
    signingKey: { privateKey: TEST_SIGNING_KEY },
    // argon2 with tiny parameters: the suites drive flows, not the hash's cost.
    password: { memoryCost: 1024, timeCost: 1 },
    mode: options.mode ?? 'stateful',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    clock,
    ...storage,
    mfa: {
      senders: {
        email: new SmtpOtpSender({ url: smtp.url, from: 'no-reply@stepgate.test' }),
        sms: new SmsWebhookOtpSender({ url: sms.url, timeoutMs: 2000, retries: 1, backoffMs: 10 }),
      },
    },
    stepUp: { challengeStatus: options.challengeStatus ?? 403 },
  };

  @Module({
    imports: [AuthModule.forRoot(authOptions)],
    controllers: [StepUpTestController, StackedElevationController],
    providers: [{ provide: CommandRuns, useValue: runs }, ExportHandler, PurgeArchiveHandler],
  })
  class StepUpTestModule {}

  const module = await Test.createTestingModule({ imports: [StepUpTestModule] }).compile();
  const app = module.createNestApplication({ logger: false });
  app.useGlobalPipes(new AuthValidationPipe());
  try {
    await app.init();
    for (const user of seed) await app.get(UserDirectory).create({ ...user, groups: ['staff'] });
  } catch (error) {
    await app.close();
    throw error;
  }
  const http = request(app.getHttpServer());

  const totpCodeNow = async () => {
    if (!group.totpSecret) throw new Error('ann has no TOTP yet: call enrolTotp() first');
    return totp.generate(group.totpSecret, clock.now());
  };
  const nextTotpCode = async () => {
    clock.advance(30);
    return totpCodeNow();
  };

  async function signIn(who: StepUpUserName): Promise<SignedIn> {
    const user = users[who];
    let response = await http.post('/auth/login').send({ username: user.username, password: user.password });
    if (response.body.status === 'next_step') {
      const flow = response.body.session_id ? { session_id: response.body.session_id } : { pre_auth_token: response.body.pre_auth_token };
      response = await http.post('/auth/otp/validate').send({ method: 'totp', code: await nextTotpCode(), ...flow });
    }
    if (response.status !== 200 || response.body.status !== 'complete') throw new Error(`sign-in of ${who} answered ${response.status}: ${response.text}`);
    return { accessToken: response.body.access_token, refreshToken: response.body.refresh_token, userId: response.body.user.id, bearer: { authorization: `Bearer ${response.body.access_token}` } };
  }

  const withBearer = (test: request.Test, session: SignedIn | undefined) => (session ? test.set(session.bearer) : test);

  const instance: StepUpTestApp = {
    app,
    http,
    clock,
    smtp,
    sms,
    users,
    runs,
    signIn,
    nextTotpCode,
    async enrolTotp() {
      if (group.totpSecret) throw new Error('ann already has TOTP in this group');
      const session = await signIn('ann');
      // On the bus: over HTTP ann (who has an email address) would step up for enable_totp first,
      // sending a mail the cases would then read as theirs. The route's own step-up is a case.
      const commands = app.get(CommandBus);
      const begun = await commands.execute(new BeginTotpSetupCommand(session.userId));
      const confirmed = await commands.execute(new ConfirmTotpSetupCommand(session.userId, await totp.generate(begun.secret, clock.now())));
      group.totpSecret = begun.secret;
      return { secret: group.totpSecret, recoveryCodes: [...confirmed.recoveryCodes], session };
    },
    call(route, session, body = route.body) {
      const test = withBearer(http[route.method](route.path), session);
      return route.method === 'get' ? test : test.send(body ?? {});
    },
    challenge: (session, correlationId, method, extra = {}) => withBearer(http.post('/auth/otp/challenge'), session).send({ method, correlation_id: correlationId, ...extra }),
    validate: (session, correlationId, method, code, extra = {}) => withBearer(http.post('/auth/otp/validate'), session).send({ method, code, correlation_id: correlationId, ...extra }),
    operation: (session, id) => http.get(`/auth/operations/${id}`).set(session.bearer),
    async settledOperation(session, id, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await http.get(`/auth/operations/${id}`).set(session.bearer);
        if (response.status !== 200 || response.body.status !== 'pending' || Date.now() >= deadline) return response;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async emailedCode() {
      const mail = await smtp.nextMessage();
      const code = codeIn(mail.text);
      if (!code) throw new Error(`no code in the mail: ${mail.text}`);
      return { code, to: mail.envelopeTo };
    },
    textedCode() {
      const last = sms.received.at(-1);
      const code = codeIn(last?.message);
      if (!last || !code) throw new Error('no SMS with a code has arrived');
      return { code, to: last.to };
    },
    close: () => closeGroup(group),
  };
  return instance;
}
