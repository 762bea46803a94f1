// Threat: one bad event silently ends step-up for everyone. Nest runs a saga's stream with
// `catchError(() => of())`, so a mapping that throws once completes the stream, and every resumable
// operation granted afterwards waits forever for a command nobody dispatches. Also: a grant that is
// resumed twice, or a retry-model grant (or a look-alike object) that gets resumed at all.
import { Injectable, Logger, type Provider } from '@nestjs/common';
import { CommandBus, CommandHandler, EventBus, type ICommand, type ICommandHandler, type IEvent, ofType, Saga } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Observable, Subject, catchError, filter, map, of, tap } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthModule } from '../../auth.module';
import { ElevationGrantedEvent } from '../../domain/events/elevation-granted.event';
import { SensitiveOperationRequestedEvent } from '../../domain/events/sensitive-operation-requested.event';
import { MfaRequiredError } from '../../domain/auth-error';
import { memoryPersistence, memoryStores } from '../../persistence';
import { PendingOperationStore } from '../../ports/pending-operation-store';
import { UserDirectory } from '../../ports/user-directory';
import { FixedClock } from '../../testing/fixed-clock';
import { TESTING_SIGNING_KEY, completed } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { GrantElevationCommand } from './grant-elevation.command';
import { ResumeOperationCommand, resumableCommands } from './resume-operation.command';
import { StepUpAuthenticationSaga } from './step-up-authentication.saga';
import { VerifyElevationCommand } from './verify-elevation.command';

const at = new Date('2026-03-01T09:00:00Z');
const granted = (operationId: string, resumable: boolean) => new ElevationGrantedEvent(operationId, 'user-1', 'session-1', 'export_report', new Date(at.getTime() + 300_000), resumable, at);

/** An `ElevationGrantedEvent` (it passes `ofType`) whose `resumable` cannot be read. */
function unreadableGrant(operationId: string): ElevationGrantedEvent {
  const event = Object.create(ElevationGrantedEvent.prototype) as ElevationGrantedEvent;
  Object.defineProperty(event, 'operationId', { value: operationId, enumerable: true });
  Object.defineProperty(event, 'resumable', {
    enumerable: true,
    get() {
      throw new Error('resumable cannot be read');
    },
  });
  return event;
}

/** What `EventBus.registerSaga` (@nestjs/cqrs 12) puts around a saga's stream before dispatching. */
const asNestRunsIt = (stream$: Observable<ICommand>) =>
  stream$.pipe(
    filter((command) => !!command),
    catchError(() => of()),
  );

/** A saga written the obvious way: `ofType -> map -> command`. */
const naiveSaga = (events$: Observable<IEvent>): Observable<ICommand> =>
  events$.pipe(
    ofType(ElevationGrantedEvent),
    map((event) => (event.resumable ? new ResumeOperationCommand(event.operationId) : undefined)),
  ) as Observable<ICommand>;

function run(saga: (events$: Observable<IEvent>) => Observable<ICommand>) {
  const events = new Subject<IEvent>();
  const commands: ICommand[] = [];
  const state = { completed: false, errored: false };
  asNestRunsIt(saga(events.asObservable())).subscribe({
    next: (command) => commands.push(command),
    complete: () => (state.completed = true),
    error: () => (state.errored = true),
  });
  return { events, commands, state };
}

describe('StepUpAuthenticationSaga on its own stream', () => {
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  const saga = () => new StepUpAuthenticationSaga().resumeGrantedOperations;

  it('resumes a granted resumable operation exactly once, by its id', () => {
    const { events, commands } = run(saga());
    events.next(granted('op-1', true));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(ResumeOperationCommand);
    expect(commands[0]).toMatchObject({ operationId: 'op-1' });
  });

  it('never resumes a retry-model grant (resumable=false): the client retries its own request', () => {
    const { events, commands } = run(saga());
    events.next(granted('op-retry', false));
    expect(commands).toEqual([]);
  });

  it('ignores other events and look-alike objects that are not an ElevationGrantedEvent', () => {
    const { events, commands } = run(saga());
    events.next(new SensitiveOperationRequestedEvent('op-2', 'user-1', 'session-1', 'export_report', at));
    events.next({ operationId: 'op-forged', resumable: true } as IEvent);
    events.next(null as unknown as IEvent);
    expect(commands).toEqual([]);
  });

  it('survives an event whose mapping throws: later grants are still resumed and the stream stays open', () => {
    const { events, commands, state } = run(saga());
    events.next(unreadableGrant('op-bad'));
    expect(state).toEqual({ completed: false, errored: false });
    events.next(granted('op-after', true));
    expect(commands.map((command) => (command as ResumeOperationCommand).operationId)).toEqual(['op-after']);
    expect(state.completed).toBe(false);
    // The skipped event is not silent: an operator can see it.
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('resumable cannot be read'));
  });

  it('is needed: the same throw in a plain map completes the stream under Nest’s runner, and the next grant is lost', () => {
    const { events, commands, state } = run(naiveSaga);
    events.next(unreadableGrant('op-bad'));
    expect(state.completed).toBe(true);
    events.next(granted('op-after', true));
    expect(commands).toEqual([]);
  });
});

class ExportForSagaSpecCommand {
  constructor(
    readonly userId: string,
    readonly report: string,
  ) {}
}
resumableCommands.register(ExportForSagaSpecCommand);

@CommandHandler(ExportForSagaSpecCommand)
class ExportForSagaSpecHandler implements ICommandHandler<ExportForSagaSpecCommand> {
  readonly runs: ExportForSagaSpecCommand[] = [];
  async execute(command: ExportForSagaSpecCommand) {
    this.runs.push(command);
    return { report: command.report };
  }
}

/** The naive saga above, registered by Nest as any @Saga is; it records what it dispatches. */
@Injectable()
class NaiveResumeSaga {
  readonly dispatched: ResumeOperationCommand[] = [];

  @Saga()
  resume = (events$: Observable<IEvent>): Observable<ICommand> => naiveSaga(events$).pipe(tap((command) => command && this.dispatched.push(command as ResumeOperationCommand)));
}

describe('StepUpAuthenticationSaga inside a running module', () => {
  let module: TestingModule | undefined;
  let clock: FixedClock;
  let logged: ReturnType<typeof vi.spyOn>;
  async function boot(extraProviders: Provider[] = []) {
    clock = new FixedClock(at);
    module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ signingKey: { privateKey: TESTING_SIGNING_KEY }, persistence: memoryPersistence(), stores: memoryStores(), password: { memoryCost: 1024, timeCost: 1 }, clock }),
      ],
      providers: [ExportForSagaSpecHandler, ...extraProviders],
    }).compile();
    await module.init();
    await module.get(UserDirectory).create({ username: 'ann', password: 'pw-of-ann' });
    return module;
  }
  beforeEach(() => {
    logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await module?.close();
    module = undefined;
    logged.mockRestore();
  });

  async function resumableOperation(module: TestingModule) {
    const commands = module.get(CommandBus);
    const { identity, tokens } = completed(await commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')));
    const caller = { userId: identity.userId, sessionId: tokens.sessionId, amr: ['pwd'], authTime: Math.floor(at.getTime() / 1000) };
    const resume = resumableCommands.store(new ExportForSagaSpecCommand(identity.userId, 'q3'), ExportForSagaSpecCommand);
    const refusal = await commands.execute(new VerifyElevationCommand(caller, { operation: 'export_report', oneShot: false, acceptRecentAuthentication: false }, resume)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(MfaRequiredError);
    return { caller, operationId: (refusal as MfaRequiredError).members.operation_id as string };
  }

  async function settled(module: TestingModule, operationId: string) {
    const operations = module.get(PendingOperationStore);
    for (let tick = 0; tick < 100; tick++) {
      const operation = await operations.find(operationId, clock.now());
      if (operation?.state === 'completed' || operation?.state === 'failed') return operation;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return operations.find(operationId, clock.now());
  }

  it('still resumes a later grant on the EventBus after an event it could not map', async () => {
    const auth = await boot();
    const { caller, operationId } = await resumableOperation(auth);
    auth.get(EventBus).publish(unreadableGrant('op-bad'));
    await auth.get(CommandBus).execute(new GrantElevationCommand(operationId, caller));
    expect(await settled(auth, operationId)).toMatchObject({ state: 'completed', result: { report: 'q3' } });
    expect(auth.get(ExportForSagaSpecHandler).runs).toHaveLength(1);
  });

  it('is needed: Nest ends a naive saga at that throw, and it never sees the later grant', async () => {
    const auth = await boot([NaiveResumeSaga]);
    const naive = auth.get(NaiveResumeSaga);
    const { caller, operationId } = await resumableOperation(auth);
    // Before the throw the naive saga works: it resumes a grant (here of an operation nobody holds).
    auth.get(EventBus).publish(granted('op-unknown', true));
    expect(naive.dispatched.map((command) => command.operationId)).toEqual(['op-unknown']);
    auth.get(EventBus).publish(unreadableGrant('op-bad'));
    await auth.get(CommandBus).execute(new GrantElevationCommand(operationId, caller));
    expect(await settled(auth, operationId)).toMatchObject({ state: 'completed' });
    expect(naive.dispatched.map((command) => command.operationId)).toEqual(['op-unknown']);
    expect(auth.get(ExportForSagaSpecHandler).runs).toHaveLength(1);
  });
});
