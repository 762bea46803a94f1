import { generateKeyPairSync } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Injectable, Module, Param } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AuthModule, Authorize, AuthorizationFilterQuery, CurrentIdentity, type Identity, PermittedActions, type ResourceFinder } from '@stepgate/auth';

export interface Note { id: string; owner_id: string; department: string }
export const NOTES: Note[] = [
  { id: 'n1', owner_id: 'ann', department: 'research' },
  { id: 'n2', owner_id: 'bob', department: 'research' },
  { id: 'n3', owner_id: 'cy', department: 'sales' },
];

@Injectable()
export class NoteFinder implements ResourceFinder<Note> {
  async find(id: string) { return NOTES.find((note) => note.id === id); }
}

export class DeleteNoteCommand { constructor(readonly id: string, readonly identity?: Identity) {} }
export class ListNotesQuery extends Query<{ items: Note[] }> { constructor(readonly identity: Identity) { super(); } }

export const deleted: string[] = [];

@CommandHandler(DeleteNoteCommand)
export class DeleteNoteHandler implements ICommandHandler<DeleteNoteCommand> {
  @Authorize<DeleteNoteCommand>({ resource: 'note', action: 'delete', idFrom: 'id' })
  async execute(command: DeleteNoteCommand) { deleted.push(command.id); }
}

@QueryHandler(ListNotesQuery)
export class ListNotesHandler implements IQueryHandler<ListNotesQuery> {
  constructor(private readonly queries: QueryBus) {}

  @PermittedActions<ListNotesQuery, { items: Note[] }>({ resource: 'note', from: 'items' })
  async execute({ identity }: ListNotesQuery) {
    // The filter a database query would take; this app keeps its notes in memory.
    const filter = await this.queries.execute(new AuthorizationFilterQuery(identity, 'note', 'read', { owner_id: 'owner_id', department: 'department' }));
    if ('deniedAll' in filter) return { items: [] };
    return { items: NOTES.filter((note) => 'grantedAll' in filter || note.owner_id === identity.userId || note.department === identity.attributes?.department) };
  }
}

@Controller('notes')
export class NotesController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentIdentity() identity: Identity) { return this.queries.execute(new ListNotesQuery(identity)); }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentIdentity() identity: Identity) { await this.commands.execute(new DeleteNoteCommand(id, identity)); }
}

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** An app with one resource type under ABAC: owners delete, a department reads. */
@Module({
  imports: [
    AuthModule.forRoot({
      signingKey: { privateKey: signingKey },
      password: { memoryCost: 1024, timeCost: 1 },
      authorization: { resources: { note: { actions: ['read', 'delete'], finder: NoteFinder, rules: (identity) => [
        { action: ['read', 'delete'], conditions: { owner_id: identity.userId } },
        { action: 'read', conditions: { department: identity.attributes?.department } },
      ] } } },
    }),
  ],
  controllers: [NotesController],
  providers: [NoteFinder, DeleteNoteHandler, ListNotesHandler],
})
export class NotesAppModule {}
