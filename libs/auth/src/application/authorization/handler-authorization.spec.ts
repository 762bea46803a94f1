// Threat: a handler reached on the bus, not through a guarded route, doing what its caller may not;
// and a refusal that tells a stranger the resource exists (403 where 404 is due).
import { Injectable, Module, type Provider, Scope } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthModule } from '../../auth.module';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../domain/auth-error';
import type { ResourceFinder } from '../../domain/authorization/authorization-rule';
import type { Identity } from '../../domain/identity';
import { TESTING_SIGNING_KEY } from '../../testing/auth-testing-module';
import { AuthorizationFilterQuery } from './authorization-filter.query';
import { Authorize, PermittedActions } from './handler-authorization.decorators';

interface Note { id: string; owner_id: string; department: string }
const NOTES: Note[] = [
  { id: 'n1', owner_id: 'ann', department: 'research' },
  { id: 'n2', owner_id: 'bo', department: 'research' },
  { id: 'n3', owner_id: 'cy', department: 'sales' },
];

@Injectable()
class NoteFinder implements ResourceFinder<Note> {
  async find(id: string) { return NOTES.find((note) => note.id === id); }
}

class DeleteNoteCommand { constructor(readonly id: string, readonly identity?: Identity) {} }
class ListNotesQuery extends Query<{ items: Note[] }> { constructor(readonly identity?: Identity) { super(); } }

const deleted: string[] = [];
@CommandHandler(DeleteNoteCommand)
class DeleteNoteHandler implements ICommandHandler<DeleteNoteCommand> {
  @Authorize<DeleteNoteCommand>({ resource: 'note', action: 'delete', idFrom: 'id' })
  async execute(command: DeleteNoteCommand) { deleted.push(command.id); }
}

@QueryHandler(ListNotesQuery)
class ListNotesHandler implements IQueryHandler<ListNotesQuery> {
  @PermittedActions<ListNotesQuery, { items: Note[] }>({ resource: 'note', from: 'items' })
  async execute() { return { items: NOTES }; }
}

const ann: Identity = { userId: 'ann', username: 'ann', groups: [], attributes: { department: 'research' } };

describe('@Authorize and @PermittedActions on the bus', () => {
  let module: TestingModule;
  let commands: CommandBus;
  let queries: QueryBus;
  beforeEach(async () => {
    deleted.length = 0;
    @Module({ providers: [NoteFinder, DeleteNoteHandler, ListNotesHandler] })
    class NotesModule {}
    module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          signingKey: { privateKey: TESTING_SIGNING_KEY },
          authorization: { resources: { note: { actions: ['read', 'delete'], finder: NoteFinder, rules: (identity) => [
            { action: ['read', 'delete'], conditions: { owner_id: identity.userId } },
            { action: 'read', conditions: { department: identity.attributes?.department } },
          ] } } },
        }),
        NotesModule,
      ],
    }).compile();
    await module.init();
    commands = module.get(CommandBus);
    queries = module.get(QueryBus);
  });
  afterEach(() => module.close());

  it('runs the handler for a caller the rules allow', async () => {
    await commands.execute(new DeleteNoteCommand('n1', ann));
    expect(deleted).toEqual(['n1']);
  });

  it('refuses with 403 what the caller may read but not do, and with 404 what they may not read', async () => {
    await expect(commands.execute(new DeleteNoteCommand('n2', ann))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(commands.execute(new DeleteNoteCommand('n3', ann))).rejects.toBeInstanceOf(NotFoundError);
    await expect(commands.execute(new DeleteNoteCommand('missing', ann))).rejects.toBeInstanceOf(NotFoundError);
    expect(deleted).toEqual([]);
  });

  it('refuses a message that names no caller', async () => {
    await expect(commands.execute(new DeleteNoteCommand('n1'))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(queries.execute(new ListNotesQuery())).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(deleted).toEqual([]);
  });

  it('adds the permitted actions to each result', async () => {
    const { items } = await queries.execute(new ListNotesQuery(ann));
    expect(items.map((item) => (item as unknown as { permitted_actions: string[] }).permitted_actions)).toEqual([['read', 'delete'], ['read'], []]);
    expect(NOTES[0]).not.toHaveProperty('permitted_actions');
  });
});

describe('handlers the module cannot protect fail the start-up', () => {
  const start = async (providers: Provider[]) => {
    const module = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          signingKey: { privateKey: TESTING_SIGNING_KEY },
          authorization: { resources: { note: { actions: ['read', 'delete'], finder: NoteFinder, rules: (identity) => [{ action: ['read', 'delete'], conditions: { owner_id: identity.userId } }] } } },
        }),
      ],
      providers: [NoteFinder, ...providers],
    }).compile();
    await module.init();
    return module;
  };

  // Threat: a subclass replacing a decorated execute, which would run with no check at all.
  it('a subclass whose execute replaces the decorated one', async () => {
    class DeleteWithoutCheckCommand { constructor(readonly id: string) {} }
    @CommandHandler(DeleteWithoutCheckCommand)
    class Overriding extends DeleteNoteHandler {
      override async execute(command: DeleteNoteCommand) { deleted.push(`unchecked ${command.id}`); }
    }
    await expect(start([Overriding])).rejects.toThrow(/Overriding.execute replaces a decorated execute/);
  });

  it('a subclass that keeps the decorated execute starts and is checked', async () => {
    class DeleteAgainCommand extends DeleteNoteCommand {}
    @CommandHandler(DeleteAgainCommand)
    class Inheriting extends DeleteNoteHandler {}
    const module = await start([Inheriting]);
    await expect(module.get(CommandBus).execute(new DeleteAgainCommand('n3', ann))).rejects.toBeInstanceOf(NotFoundError);
    await module.close();
  });

  // Threat: a request-scoped handler, built after start-up, answering every call with a 500.
  it('a request-scoped handler', async () => {
    class ReadNoteCommand { constructor(readonly id: string) {} }
    @CommandHandler(ReadNoteCommand)
    @Injectable({ scope: Scope.REQUEST })
    class PerRequest { @Authorize<ReadNoteCommand>({ resource: 'note', action: 'read', idFrom: 'id' }) async execute() {} }
    await expect(start([PerRequest])).rejects.toThrow(/PerRequest is request-scoped/);
  });

  it('a decorator naming an action the resource does not declare', async () => {
    class ArchiveNoteCommand { constructor(readonly id: string) {} }
    @CommandHandler(ArchiveNoteCommand)
    class Archiving { @Authorize<ArchiveNoteCommand>({ resource: 'note', action: 'archive', idFrom: 'id' }) async execute() {} }
    await expect(start([Archiving])).rejects.toThrow(/the action "archive", which "note" does not declare/);
  });
});

describe('AuthorizationFilterQuery', () => {
  // Threat: a list asked for on nobody's behalf answering with a 500 (or with the rules of nobody).
  it('refuses a query that names no identity', async () => {
    const module = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ signingKey: { privateKey: TESTING_SIGNING_KEY }, authorization: { resources: { note: { actions: ['read'], rules: (identity) => [{ action: 'read', conditions: { owner_id: identity.userId } }] } } } })],
    }).compile();
    await module.init();
    const queries = module.get(QueryBus);
    await expect(queries.execute(new AuthorizationFilterQuery(undefined as never, 'note', 'read', { owner_id: 'note.ownerId' }))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(queries.execute(new AuthorizationFilterQuery(ann, 'note', 'read', { owner_id: 'note.ownerId' }))).resolves.toEqual({ condition: { op: 'eq', field: 'note.ownerId', value: 'ann' } });
    await module.close();
  });
});
