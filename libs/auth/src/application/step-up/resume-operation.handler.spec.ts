// Threat: a resumed operation that runs twice (two instances, or a retried event, each executing a
// transfer), runs after its elevation ended (the user signed out), runs a command no route declared,
// or fails silently: left "pending" forever, or telling its owner an internal error's text.
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, EventBus, type ICommandHandler, QueryBus, UnhandledExceptionBus, type UnhandledExceptionInfo } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthModule } from '../../auth.module';
import { ForbiddenError, MfaRequiredError } from '../../domain/auth-error';
import { OperationSettledEvent } from '../../domain/events/operation-settled.event';
import type { PendingOperation, StoredCommand } from '../../domain/pending-operation';
import { memoryPersistence, memoryStores } from '../../persistence';
import { ElevationStore } from '../../ports/elevation-store';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { UserDirectory } from '../../ports/user-directory';
import { FixedClock } from '../../testing/fixed-clock';
import { TESTING_SIGNING_KEY, completed } from '../../testing/auth-testing-module';
import { RevokeSessionCommand } from '../sessions/revoke-session.command';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { GetOperationQuery } from './get-operation.query';
import { GrantElevationCommand } from './grant-elevation.command';
import { ResumeOperationCommand, resumableCommands } from './resume-operation.command';
import { type StepUpCaller, VerifyElevationCommand } from './verify-elevation.command';

const start = new Date('2026-03-01T09:00:00Z');

class ExportForResumeSpecCommand {
  constructor(
    readonly userId: string,
    readonly report: string,
  ) {}
}
resumableCommands.register(ExportForResumeSpecCommand);

@CommandHandler(ExportForResumeSpecCommand)
class ExportForResumeSpecHandler implements ICommandHandler<ExportForResumeSpecCommand> {
  readonly runs: ExportForResumeSpecCommand[] = [];
  async execute(command: ExportForResumeSpecCommand) {
    this.runs.push(command);
    // A real command takes a while: parallel resumes overlap with it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { exported: command.report, by: command.userId };
  }
}

type Failure = 'auth-error' | 'http-exception' | 'plain-error';

class FailingExportForResumeSpecCommand {
  constructor(readonly failure: Failure) {}
}
resumableCommands.register(FailingExportForResumeSpecCommand);

@CommandHandler(FailingExportForResumeSpecCommand)
class FailingExportForResumeSpecHandler implements ICommandHandler<FailingExportForResumeSpecCommand> {
  async execute({ failure }: FailingExportForResumeSpecCommand): Promise<never> {
    if (failure === 'auth-error') throw new ForbiddenError('You may not export this report.');
    if (failure === 'http-exception') throw new HttpException('The export quota is used up for today.', HttpStatus.TOO_MANY_REQUESTS);
    throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2)');
  }
}

describe('ResumeOperationHandler', () => {
  let module: TestingModule;
  let clock: FixedClock;
  let logged: ReturnType<typeof vi.spyOn>;
  const events: object[] = [];

  beforeEach(async () => {
    logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    clock = new FixedClock(start);
    events.length = 0;
    module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ signingKey: { privateKey: TESTING_SIGNING_KEY }, persistence: memoryPersistence(), stores: memoryStores(), password: { memoryCost: 1024, timeCost: 1 }, clock }),
      ],
      providers: [ExportForResumeSpecHandler, FailingExportForResumeSpecHandler],
    }).compile();
    await module.init();
    module.get(EventBus).subscribe((event: object) => events.push(event));
    await module.get(UserDirectory).create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(async () => {
    await module.close();
    logged.mockRestore();
  });

  const commands = () => module.get(CommandBus);
  const operations = () => module.get(PendingOperationStore);
  const elevations = () => module.get(ElevationStore);
  const runs = () => module.get(ExportForResumeSpecHandler).runs;

  async function signIn(): Promise<StepUpCaller> {
    const { identity, tokens } = completed(await commands().execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')));
    return { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(clock.now().getTime() / 1000) };
  }

  /** A resumable operation as a grant leaves it, written straight to the stores so no saga resumes it first. */
  async function grantedOperation(caller: StepUpCaller, command: StoredCommand): Promise<PendingOperation> {
    const now = clock.now();
    const operation: PendingOperation = {
      id: `op-${Math.random().toString(36).slice(2)}`,
      userId: caller.userId,
      sessionId: caller.sessionId,
      operation: 'export_report',
      requestedAt: now,
      expiresAt: new Date(now.getTime() + 600_000),
      state: 'granted',
      elevationSeconds: 300,
      oneShot: true,
      methods: ['email'],
      command,
    };
    await operations().create(operation, now);
    const { userId, sessionId } = caller;
    await elevations().grant({ userId, sessionId, operation: 'export_report', operationId: operation.id, grantedAt: now, expiresAt: new Date(now.getTime() + 300_000), oneShot: true }, now);
    return operation;
  }

  const resume = (operationId: string) => commands().execute(new ResumeOperationCommand(operationId));
  const view = (caller: StepUpCaller, operationId: string) => module.get(QueryBus).execute(new GetOperationQuery(caller, operationId));
  const elevationOf = (caller: StepUpCaller) => elevations().find({ userId: caller.userId, sessionId: caller.sessionId, operation: 'export_report' }, clock.now());
  const settlements = () => events.filter((event): event is OperationSettledEvent => event instanceof OperationSettledEvent);

  /** The operation once it has settled, waiting for the saga's detached command; as it is after 500 ms otherwise. */
  async function settled(operationId: string) {
    for (let tick = 0; tick < 100; tick++) {
      const operation = await operations().find(operationId, clock.now());
      if (operation?.state === 'completed' || operation?.state === 'failed') return operation;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return operations().find(operationId, clock.now());
  }

  it('runs the stored command once under 10 parallel resumes, spends the elevation and keeps the result', async () => {
    const ann = await signIn();
    const { id } = await grantedOperation(ann, resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q3'), ExportForResumeSpecCommand));
    await Promise.all(Array.from({ length: 10 }, () => resume(id)));
    expect(runs()).toHaveLength(1);
    expect(runs()[0]).toBeInstanceOf(ExportForResumeSpecCommand);
    expect(runs()[0]).toMatchObject({ userId: ann.userId, report: 'q3' });
    expect(await elevationOf(ann)).toBeUndefined();
    expect(await view(ann, id)).toEqual({ id, operation: 'export_report', status: 'completed', result: { exported: 'q3', by: ann.userId } });
    expect(settlements()).toHaveLength(1);
    expect(settlements()[0]).toMatchObject({ operationId: id, status: 'completed' });
  });

  it('does not run the command again once the operation has completed', async () => {
    const ann = await signIn();
    const { id } = await grantedOperation(ann, resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q3'), ExportForResumeSpecCommand));
    await resume(id);
    await resume(id);
    expect(runs()).toHaveLength(1);
  });

  it('runs a resumable operation exactly once through the whole loop: grant, saga, resume', async () => {
    const ann = await signIn();
    const stored = resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q4'), ExportForResumeSpecCommand);
    const refusal = await commands()
      .execute(new VerifyElevationCommand(ann, { operation: 'export_report', oneShot: false, acceptRecentAuthentication: false }, stored))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MfaRequiredError);
    const operationId = (refusal as MfaRequiredError).members.operation_id as string;
    await Promise.all(Array.from({ length: 5 }, () => commands().execute(new GrantElevationCommand(operationId, ann))));
    expect(await settled(operationId)).toMatchObject({ state: 'completed', result: { exported: 'q4' } });
    expect(runs()).toHaveLength(1);
    expect(await elevationOf(ann)).toBeUndefined();
  });

  it('fails the operation with a reason, without running it, when the session was revoked before the resume', async () => {
    const ann = await signIn();
    const { id } = await grantedOperation(ann, resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q3'), ExportForResumeSpecCommand));
    await commands().execute(new RevokeSessionCommand(ann.userId, ann.sessionId));
    await resume(id);
    expect(runs()).toEqual([]);
    expect(await operations().find(id, clock.now())).toMatchObject({ state: 'failed', error: expect.stringMatching(/elevation ended/i) });
    expect(settlements()).toEqual([expect.objectContaining({ operationId: id, status: 'failed' })]);
  });

  it('fails the operation with a reason, without running it, when its elevation expired before the resume', async () => {
    const ann = await signIn();
    const { id } = await grantedOperation(ann, resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q3'), ExportForResumeSpecCommand));
    clock.advance(300);
    await resume(id);
    expect(runs()).toEqual([]);
    expect(await operations().find(id, clock.now())).toMatchObject({ state: 'failed', error: expect.any(String) });
  });

  it('fails an operation whose record names a command no route registered, and builds nothing', async () => {
    const ann = await signIn();
    const { id } = await grantedOperation(ann, { name: 'RemoveEveryUserCommand', payload: { confirm: true } });
    await resume(id);
    expect(await operations().find(id, clock.now())).toMatchObject({ state: 'failed', error: expect.stringMatching(/cannot be resumed/i) });
    expect(runs()).toEqual([]);
  });

  it('does nothing for an operation that is still pending (no second factor yet) or unknown', async () => {
    const ann = await signIn();
    const stored = resumableCommands.store(new ExportForResumeSpecCommand(ann.userId, 'q3'), ExportForResumeSpecCommand);
    const refusal = (await commands()
      .execute(new VerifyElevationCommand(ann, { operation: 'export_report', oneShot: false, acceptRecentAuthentication: false }, stored))
      .catch((error: unknown) => error)) as MfaRequiredError;
    const operationId = refusal.members.operation_id as string;
    await resume(operationId);
    await resume('op-nobody-has');
    expect(runs()).toEqual([]);
    expect(await operations().find(operationId, clock.now())).toMatchObject({ state: 'pending' });
  });

  describe('a resumed command that throws (settled through UnhandledExceptionBus)', () => {
    async function resumedThroughTheSaga(failure: Failure) {
      const ann = await signIn();
      const stored = resumableCommands.store(new FailingExportForResumeSpecCommand(failure), FailingExportForResumeSpecCommand);
      const refusal = (await commands()
        .execute(new VerifyElevationCommand(ann, { operation: 'export_report', oneShot: false, acceptRecentAuthentication: false }, stored))
        .catch((error: unknown) => error)) as MfaRequiredError;
      const operationId = refusal.members.operation_id as string;
      await commands().execute(new GrantElevationCommand(operationId, ann));
      return { ann, operationId };
    }

    it('reaches UnhandledExceptionBus with the ResumeOperationCommand as its cause and the command’s error as its exception', async () => {
      const reported: UnhandledExceptionInfo<unknown>[] = [];
      const subscription = module.get<UnhandledExceptionBus<unknown>>(UnhandledExceptionBus).subscribe((info) => reported.push(info));
      const { operationId } = await resumedThroughTheSaga('auth-error');
      for (let tick = 0; tick < 100 && reported.length === 0; tick++) await new Promise((resolve) => setTimeout(resolve, 5));
      subscription.unsubscribe();
      expect(reported).toHaveLength(1);
      expect(reported[0]!.cause).toBeInstanceOf(ResumeOperationCommand);
      expect(reported[0]!.cause).toMatchObject({ operationId });
      expect(reported[0]!.exception).toBeInstanceOf(ForbiddenError);
    });

    it('marks the operation failed with an AuthError’s public message', async () => {
      const { ann, operationId } = await resumedThroughTheSaga('auth-error');
      expect(await settled(operationId)).toMatchObject({ state: 'failed', error: 'You may not export this report.' });
      expect(await view(ann, operationId)).toMatchObject({ status: 'failed', error: 'You may not export this report.' });
    });

    it('marks the operation failed with an HttpException’s message', async () => {
      const { operationId } = await resumedThroughTheSaga('http-exception');
      expect(await settled(operationId)).toMatchObject({ state: 'failed', error: 'The export quota is used up for today.' });
    });

    it('marks the operation failed with a fixed sentence for a plain Error, never its internal text', async () => {
      const { operationId } = await resumedThroughTheSaga('plain-error');
      const operation = await settled(operationId);
      expect(operation).toMatchObject({ state: 'failed', error: 'The operation failed.' });
      expect(operation?.error).not.toMatch(/hunter2|ECONNREFUSED/);
    });
  });
});
