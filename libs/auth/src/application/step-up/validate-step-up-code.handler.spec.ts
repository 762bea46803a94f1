// Threat: an elevation bought without the second factor the operation asked for. A wrong code must
// grant nothing and leave the operation waiting; a factor the route does not allow (or the user does
// not have) must not be tried at all; a granted operation must not be granted again by a second code.
import { CommandBus, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthModule } from '../../auth.module';
import { MfaRequiredError } from '../../domain/auth-error';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import type { StoredCommand } from '../../domain/pending-operation';
import { memoryPersistence, memoryStores } from '../../persistence';
import { ElevationStore } from '../../ports/elevation-store';
import { type OtpMessage, OtpSender } from '../../ports/otp-sender';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { UserDirectory } from '../../ports/user-directory';
import { FixedClock } from '../../testing/fixed-clock';
import { TESTING_SIGNING_KEY, completed } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { IssueStepUpChallengeCommand } from './issue-step-up-challenge.command';
import { resumableCommands } from './resume-operation.command';
import { ValidateStepUpCodeCommand } from './validate-step-up-code.command';
import { type ElevationRequirement, type StepUpCaller, VerifyElevationCommand } from './verify-elevation.command';

const start = new Date('2026-03-01T09:00:00Z');

class CapturingSender extends OtpSender {
  readonly sent: OtpMessage[] = [];
  async send(message: OtpMessage): Promise<void> {
    this.sent.push(message);
  }
}

class ExportForValidateSpecCommand {
  constructor(readonly report: string) {}
}
resumableCommands.register(ExportForValidateSpecCommand);

@CommandHandler(ExportForValidateSpecCommand)
class ExportForValidateSpecHandler implements ICommandHandler<ExportForValidateSpecCommand> {
  async execute(command: ExportForValidateSpecCommand) {
    return { report: command.report };
  }
}

const requirementFor = (operation: string, overrides: Partial<ElevationRequirement> = {}): ElevationRequirement => ({ operation, oneShot: false, acceptRecentAuthentication: false, ...overrides });
const otherCodeThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('ValidateStepUpCodeHandler', () => {
  let module: TestingModule;
  let clock: FixedClock;
  let sender: CapturingSender;
  const events: object[] = [];

  beforeEach(async () => {
    clock = new FixedClock(start);
    sender = new CapturingSender();
    events.length = 0;
    module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          signingKey: { privateKey: TESTING_SIGNING_KEY },
          persistence: memoryPersistence(),
          stores: memoryStores(),
          password: { memoryCost: 1024, timeCost: 1 },
          mfa: { senders: { email: sender } },
          clock,
        }),
      ],
      providers: [ExportForValidateSpecHandler],
    }).compile();
    await module.init();
    module.get(EventBus).subscribe((event: object) => events.push(event));
    await module.get(UserDirectory).create({ username: 'ann', password: 'pw-of-ann', email: 'ann@example.com' });
  });
  afterEach(() => module.close());

  const commands = () => module.get(CommandBus);

  async function signIn(): Promise<StepUpCaller> {
    const { identity, tokens } = completed(await commands().execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')));
    return { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000) };
  }

  async function pendingOperation(caller: StepUpCaller, requirement: ElevationRequirement, resume?: StoredCommand): Promise<string> {
    const refusal = await commands()
      .execute(new VerifyElevationCommand(caller, requirement, resume))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(MfaRequiredError);
    return (refusal as MfaRequiredError).members.operation_id as string;
  }

  async function emailedCode(caller: StepUpCaller, operationId: string): Promise<string> {
    await commands().execute(new IssueStepUpChallengeCommand(caller, operationId, 'email'));
    const message = sender.sent.at(-1)!;
    expect(message).toMatchObject({ channel: 'email', to: 'ann@example.com', purpose: 'step-up' });
    return message.code;
  }

  const validate = (caller: StepUpCaller, operationId: string, method: ValidateStepUpCodeCommand['method'], code: string) =>
    commands().execute(new ValidateStepUpCodeCommand(caller, operationId, method, code));
  const stateOf = async (operationId: string) => (await module.get(PendingOperationStore).find(operationId, clock.now()))?.state;
  const grants = () => events.filter((event) => event instanceof ElevationGrantedEvent);
  const elevationOf = (caller: StepUpCaller, operation: string) => module.get(ElevationStore).find({ userId: caller.userId, sessionId: caller.sessionId, operation }, clock.now());

  it('refuses a wrong code with OTP_INVALID, grants nothing, and leaves the operation waiting for the right one', async () => {
    const ann = await signIn();
    const operationId = await pendingOperation(ann, requirementFor('transfer_funds'));
    const code = await emailedCode(ann, operationId);
    await expect(validate(ann, operationId, 'email', otherCodeThan(code))).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect(await stateOf(operationId)).toBe('pending');
    expect(grants()).toEqual([]);
    expect(await elevationOf(ann, 'transfer_funds')).toBeUndefined();
    await expect(validate(ann, operationId, 'email', code)).resolves.toMatchObject({ operation: 'transfer_funds' });
  });

  it('refuses a method the route does not allow with STEP_OUT_OF_ORDER, before any code is checked', async () => {
    const ann = await signIn();
    const operationId = await pendingOperation(ann, requirementFor('transfer_funds', { methods: ['totp'] }));
    await expect(validate(ann, operationId, 'email', '123456')).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    expect(await stateOf(operationId)).toBe('pending');
    expect(grants()).toEqual([]);
  });

  it('refuses a method the user does not have (sms without a phone, totp not enrolled) with STEP_OUT_OF_ORDER', async () => {
    const ann = await signIn();
    const operationId = await pendingOperation(ann, requirementFor('transfer_funds'));
    await expect(validate(ann, operationId, 'sms', '123456')).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    await expect(validate(ann, operationId, 'totp', '123456')).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    await expect(validate(ann, operationId, 'recovery', 'AAAAA-BBBBB')).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    expect(await stateOf(operationId)).toBe('pending');
  });

  it('refuses to validate an already granted operation again with STEP_OUT_OF_ORDER', async () => {
    const ann = await signIn();
    const operationId = await pendingOperation(ann, requirementFor('transfer_funds'));
    await validate(ann, operationId, 'email', await emailedCode(ann, operationId));
    await expect(validate(ann, operationId, 'email', '123456')).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    expect(grants()).toHaveLength(1);
  });

  it('answers a retry-model validation with the operation, its id and expiresIn, and no operationStatus', async () => {
    const ann = await signIn();
    const operationId = await pendingOperation(ann, requirementFor('transfer_funds', { maxAgeSeconds: 120 }));
    const answer = await validate(ann, operationId, 'email', await emailedCode(ann, operationId));
    expect(answer).toEqual({ operation: 'transfer_funds', correlationId: operationId, expiresIn: 120 });
    // The elevation is stored before the answer: a client retrying at once finds it.
    expect(await elevationOf(ann, 'transfer_funds')).toMatchObject({ operationId, oneShot: false });
  });

  it('answers a resumable validation with expiresIn and the operation’s status, for the client to poll instead of retrying', async () => {
    const ann = await signIn();
    const resume = resumableCommands.store(new ExportForValidateSpecCommand('q3'), ExportForValidateSpecCommand);
    const operationId = await pendingOperation(ann, requirementFor('export_report', { maxAgeSeconds: 120 }), resume);
    const answer = await validate(ann, operationId, 'email', await emailedCode(ann, operationId));
    expect(answer).toMatchObject({ operation: 'export_report', correlationId: operationId, expiresIn: 120 });
    expect(['pending', 'completed']).toContain(answer.operationStatus);
  });

  it('does not accept a code sent for another of the caller’s operations', async () => {
    const ann = await signIn();
    const first = await pendingOperation(ann, requirementFor('transfer_funds'));
    const second = await pendingOperation(ann, requirementFor('transfer_funds'));
    const codeForFirst = await emailedCode(ann, first);
    // A resend voids the earlier code; resent until the two differ (one draw in a million is equal).
    for (let sends = 0; sends < 3 && (await emailedCode(ann, second)) === codeForFirst; sends++);
    expect(sender.sent.at(-1)!.code).not.toBe(codeForFirst);
    await expect(validate(ann, second, 'email', codeForFirst)).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect(await stateOf(second)).toBe('pending');
  });
});
