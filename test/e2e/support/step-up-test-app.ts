import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import request from 'supertest';
import { afterEach } from 'vitest';
import {
  AuthModule,
  BeginTotpSetupCommand,
  ConfirmTotpSetupCommand,
  type AuthModuleOptions,
  AuthValidationPipe,
  CurrentIdentity,
  type Identity,
  memoryPersistence,
  memoryStores,
  type NewUser,
  OtplibTotpAuthenticator,
  SmsWebhookOtpSender,
  SmtpOtpSender,
  UserDirectory,
  VerifyElevation,
} from '@stepgate/auth';
import { FixedClock, uniqueTag } from '@stepgate/auth/testing';
import { TEST_SIGNING_KEY } from './demo-app';
import { codeIn } from './mfa-test-app';
import { openPostgresRedisStorage, type PostgresRedisStorage } from './postgres-redis-storage';
import { startSmtpTestServer, type SmtpTestServer } from '../../support/smtp-test-server';
import { startSmsTestGateway, type SmsTestGateway } from '../../support/sms-test-gateway';

/** What a resumed command of this app did: each run is one entry, so a test counts the runs. */
export interface CommandRun {
  readonly command: 'export' | 'purge';
  readonly userId: string;
  readonly result?: { id: string; report: string };
}

/** The runs of every instance of one test app group (they share the process, so one list counts them all). */
export class CommandRuns {
  readonly runs: CommandRun[] = [];
}

export class ExportCommand extends Command<{ id: string; report: string }> {
  constructor(
    readonly userId: string,
    readonly report: string,
  ) {
    super();
  }
}

/** Fails on every run: the resumed operation must end `failed`, with a reason that hides this message. */
export class PurgeArchiveCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}

/** The internal detail the failing command throws with; the operation's owner must never read it. */
export const PURGE_FAILURE_DETAIL = 'archive volume 10.20.30.40:/srv/archive is offline';

@CommandHandler(ExportCommand)
class ExportHandler implements ICommandHandler<ExportCommand, { id: string; report: string }> {
  constructor(private readonly log: CommandRuns) {}

  async execute(command: ExportCommand): Promise<{ id: string; report: string }> {
    const result = { id: randomUUID(), report: command.report };
    this.log.runs.push({ command: 'export', userId: command.userId, result });
    return result;
  }
}

@CommandHandler(PurgeArchiveCommand)
class PurgeArchiveHandler implements ICommandHandler<PurgeArchiveCommand, void> {
  constructor(private readonly log: CommandRuns) {}

  async execute(command: PurgeArchiveCommand): Promise<void> {
    this.log.runs.push({ command: 'purge', userId: command.userId });
    throw new Error(PURGE_FAILURE_DETAIL);
  }
}

class TransferDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  amount: number;

  @IsString()
  @Length(1, 64)
  to: string;
}

class ExportDto {
  @IsString()
  @Length(1, 64)
  report: string;
}

/** One route per kind of `@VerifyElevation`, each with an operation of its own. */
@Controller('test')
class StepUpTestController {
  constructor(private readonly commands: CommandBus) {}

  @Post('transfers')
  @VerifyElevation('transfer_funds')
  transfer(@Body() body: TransferDto) {
    return { amount: body.amount, to: body.to };
  }

  @Post('accounts/close')
  @VerifyElevation('close_account', { oneShot: true })
  closeAccount() {
    return { closed: true };
  }

  @Post('email')
  @VerifyElevation('change_email', { maxAge: 60 })
  changeEmail() {
    return { changed: true };
  }

  @Post('api-keys')
  @VerifyElevation('rotate_api_key', { methods: ['totp'] })
  rotateApiKey() {
    return { rotated: true };
  }

  @Get('statements')
  @VerifyElevation('view_statements', { acceptRecentAuthentication: true })
  statements() {
    return { statements: [] };
  }

  @Post('exports')
  @VerifyElevation('export_report', {
    resumable: true,
    command: { type: ExportCommand, body: ExportDto, build: ({ body, identity }) => new ExportCommand(identity.userId, body.report) },
  })
  export(@Body() body: ExportDto, @CurrentIdentity() identity: Identity) {
    return this.commands.execute(new ExportCommand(identity.userId, body.report));
  }

  @Post('archive/purge')
  @VerifyElevation('purge_archive', { resumable: true, command: { type: PurgeArchiveCommand, build: ({ identity }) => new PurgeArchiveCommand(identity.userId) } })
  purge(@CurrentIdentity() identity: Identity) {
    return this.commands.execute(new PurgeArchiveCommand(identity.userId));
  }
}

/** A route of the test controller (or of the module) behind an elevation, with a body it accepts. */
export interface ElevatedRoute {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly operation: string;
  readonly body?: object;
}

export const ROUTES = {
  transfer: { method: 'post', path: '/test/transfers', operation: 'transfer_funds', body: { amount: 125, to: 'acct-77' } },
  oneShot: { method: 'post', path: '/test/accounts/close', operation: 'close_account' },
  shortLived: { method: 'post', path: '/test/email', operation: 'change_email' },
  totpOnly: { method: 'post', path: '/test/api-keys', operation: 'rotate_api_key' },
  recent: { method: 'get', path: '/test/statements', operation: 'view_statements' },
  export: { method: 'post', path: '/test/exports', operation: 'export_report', body: { report: 'q3-ledger' } },
  purge: { method: 'post', path: '/test/archive/purge', operation: 'purge_archive' },
  disableTotp: { method: 'delete', path: '/auth/totp', operation: 'disable_totp' },
  regenerateRecoveryCodes: { method: 'post', path: '/auth/recovery-codes', operation: 'regenerate_recovery_codes' },
} as const satisfies Record<string, ElevatedRoute>;

export interface StepUpUser {
  readonly username: string;
  readonly password: string;
  readonly email?: string;
  readonly phoneNumber?: string;
}

/** `ann` has an email address and a phone and can enrol TOTP; `eve` has only an email address; `pat` only a phone. */
export type StepUpUserName = 'ann' | 'eve' | 'pat';

/** A completed sign-in, as the token response gave it. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: string;
  readonly bearer: { authorization: string };
}

export interface StepUpTestAppOptions {
  mode?: 'stateful' | 'stateless';
  /**
   * `memory`: the module's defaults. `postgres-redis`: users, sessions, TOTP and recovery codes in
   * PostgreSQL, flow state, challenges, elevations and pending operations in Redis (one prefix for
   * the whole group); the start fails when either server does not answer.
   * @default 'memory'
   */
  storage?: 'memory' | 'postgres-redis';
  /** @default 403 */
  challengeStatus?: 401 | 403;
  /**
   * Long by default, so that the fixed clock can pass an elevation's `max_age` and a pending
   * operation's TTL while the caller's access token still verifies (stateless tokens last 300 s).
   * @default 3600
   */
  accessTokenTtlSeconds?: number;
}

/** One instance: AuthModule and the step-up test controller on their own Nest container. */
export interface StepUpTestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  /** Shared by every instance of the group, as is everything below. */
  readonly clock: FixedClock;
  readonly smtp: SmtpTestServer;
  readonly sms: SmsTestGateway;
  readonly users: Readonly<Record<StepUpUserName, StepUpUser>>;
  readonly runs: CommandRuns;
  /** Signs `who` in; once ann has TOTP, the sign-in completes with a fresh TOTP code. */
  signIn(who: StepUpUserName): Promise<SignedIn>;
  /** Enrols TOTP for ann (once per group) and returns the secret, the recovery codes and the session that enrolled. */
  enrolTotp(): Promise<{ secret: string; recoveryCodes: string[]; session: SignedIn }>;
  /** Moves the clock one time step on and answers ann's TOTP code for it: each code is accepted once. */
  nextTotpCode(): Promise<string>;
  /** Calls `route` as `session`: without an elevation, the MFA_REQUIRED answer. */
  call(route: ElevatedRoute, session: SignedIn | undefined, body?: object): request.Test;
  /** `POST /auth/otp/challenge` for the operation `correlationId`. */
  challenge(session: SignedIn | undefined, correlationId: unknown, method: 'email' | 'sms', extra?: object): request.Test;
  /** `POST /auth/otp/validate` of `code` for the operation `correlationId`. */
  validate(session: SignedIn | undefined, correlationId: unknown, method: 'totp' | 'email' | 'sms' | 'recovery', code: string | undefined, extra?: object): request.Test;
  /** `GET /auth/operations/:id`. */
  operation(session: SignedIn, id: string): request.Test;
  /** Polls `GET /auth/operations/:id` until it is no longer `pending` or `timeoutMs` have passed, and answers the last response. */
  settledOperation(session: SignedIn, id: string, timeoutMs?: number): Promise<request.Response>;
  /** The 6-digit code of the next mail to arrive at the SMTP test server, and its recipients. */
  emailedCode(): Promise<{ code: string; to: string[] }>;
  /** The 6-digit code of the last SMS the gateway took, and its recipient. */
  textedCode(): { code: string; to: string };
  /** Closes every instance of the group and the servers they share. */
  close(): Promise<void>;
}

const totp = new OtplibTotpAuthenticator();

interface Group {
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

/** The step-up test app alone: one instance on its own stores. */
export async function startStepUpTestApp(options: StepUpTestAppOptions = {}): Promise<StepUpTestApp> {
  const [only] = await startStepUpTestApps(options, 1);
  return only!;
}

/**
 * `count` instances of the step-up test app over one storage (with `postgres-redis`: one
 * PostgreSQL database and one Redis key prefix; with `memory`: the same store objects), one clock,
 * one SMTP server and one SMS gateway, as instances of one deployment behind a load balancer. Each
 * has its own Nest container: its own buses, saga, caches and HTTP server. The users are created
 * once, through the first instance. `close()` on any of them closes them all.
 */
export async function startStepUpTestApps(options: StepUpTestAppOptions, count: number): Promise<StepUpTestApp[]> {
  const tag = uniqueTag();
  const users: Record<StepUpUserName, StepUpUser> = {
    ann: { username: `ann-${tag}`, password: 'pw-of-ann', email: 'ann@example.com', phoneNumber: '+15550100009' },
    eve: { username: `eve-${tag}`, password: 'pw-of-eve', email: 'eve@example.com' },
    pat: { username: `pat-${tag}`, password: 'pw-of-pat', phoneNumber: '+15550100031' },
  };
  const storage = options.storage === 'postgres-redis' ? await openPostgresRedisStorage(Object.values(users).map((user) => user.username)) : undefined;
  const smtp = await startSmtpTestServer();
  const sms = await startSmsTestGateway();
  const group: Group = { options, clock: new FixedClock(new Date()), smtp, sms, storage, users, runs: new CommandRuns(), instances: [] };
  // With memory stores, instances share the store objects: that is what "one storage" means there.
  const shared = storage ? { persistence: storage.persistence, stores: storage.stores } : { persistence: memoryPersistence(), stores: memoryStores() };
  try {
    for (let index = 0; index < count; index++) {
      group.instances.push(await startInstance(group, shared, index === 0 ? Object.values(users) : []));
    }
  } catch (error) {
    await closeGroup(group);
    throw error;
  }
  return group.instances;
}

async function closeGroup(group: Group): Promise<void> {
  for (const instance of group.instances.splice(0)) await instance.app.close();
  await group.storage?.close();
  await group.smtp.close();
  await group.sms.close();
}

async function startInstance(group: Group, storage: Pick<AuthModuleOptions, 'persistence' | 'stores'>, seed: readonly NewUser[]): Promise<StepUpTestApp> {
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
    controllers: [StepUpTestController],
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

/** Starts the app (or, with `count`, a group of instances) for a test of the enclosing suite; the suite closes it after that test. */
export function stepUpTestAppPerTest(options: StepUpTestAppOptions): { one(): Promise<StepUpTestApp>; many(count: number): Promise<StepUpTestApp[]> } {
  let current: StepUpTestApp | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    one: async () => (current = await startStepUpTestApp(options)),
    async many(count) {
      const instances = await startStepUpTestApps(options, count);
      current = instances[0];
      return instances;
    },
  };
}
