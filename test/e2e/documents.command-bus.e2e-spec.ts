// Threat: the documents' handlers reached on the app's own bus, not through a guarded route, doing
// what the caller in the message may not, or running for a message that names no caller at all.
// The demo's module is booted without HTTP; the same handlers answer the routes.
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { ForbiddenError, type Identity, NotFoundError, UnauthenticatedError, ValidationFailedError } from '@stepgate/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDocumentCommand } from '../../apps/demo/src/documents/create-document.command';
import { DeleteDocumentCommand } from '../../apps/demo/src/documents/delete-document.command';
import type { DocumentView, WithPermittedActions } from '../../apps/demo/src/documents/document';
import { GetDocumentQuery } from '../../apps/demo/src/documents/get-document.query';
import { ListDocumentsQuery } from '../../apps/demo/src/documents/list-documents.query';
import { DemoModule } from '../../apps/demo/src/demo.module';
import { demoTestConfig } from './support/demo-app';

// Identities as an app's own code would put them in a message: the rules read nothing else.
const ann: Identity = { userId: 'ann', username: 'ann', groups: ['staff'], attributes: { department: 'research' } };
const ben: Identity = { userId: 'ben', username: 'ben', groups: ['staff'], attributes: { department: 'research' } };
const cy: Identity = { userId: 'cy', username: 'cy', groups: ['staff'], attributes: { department: 'sales' } };
const root: Identity = { userId: 'root', username: 'root', groups: ['admin'] };

describe('the documents’ handlers on the demo’s own buses, without HTTP', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let queries: QueryBus;
  let annsPlan: WithPermittedActions<DocumentView>;
  let cysPitch: WithPermittedActions<DocumentView>;

  // Sorted: two documents of one millisecond come in either order.
  const titlesFor = async (identity: Identity) => (await queries.execute(new ListDocumentsQuery(identity, 1, 100))).items.map((item) => item.title).sort();
  const everyTitle = () => titlesFor(root);

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [DemoModule.register(demoTestConfig({ seed: false }))] }).compile();
    await moduleRef.init();
    commands = moduleRef.get(CommandBus);
    queries = moduleRef.get(QueryBus);
    annsPlan = await commands.execute(new CreateDocumentCommand('Ann plan', ann));
    cysPitch = await commands.execute(new CreateDocumentCommand('Cy pitch', cy));
  });
  afterAll(() => moduleRef?.close());

  it('CreateDocumentCommand: the document of the identity in the message, in its department, with every action for it', () => {
    expect(annsPlan).toStrictEqual({
      id: expect.any(String),
      title: 'Ann plan',
      owner_id: 'ann',
      department: 'research',
      created_at: expect.any(String),
      permitted_actions: ['read', 'update', 'delete'],
    });
    expect(cysPitch).toMatchObject({ owner_id: 'cy', department: 'sales' });
  });

  it('GetDocumentQuery: allowed for a reader, NotFoundError for one who may not read it', async () => {
    expect(await queries.execute(new GetDocumentQuery(annsPlan.id, ben))).toStrictEqual({ ...annsPlan, permitted_actions: ['read'] });
    await expect(queries.execute(new GetDocumentQuery(annsPlan.id, cy))).rejects.toBeInstanceOf(NotFoundError);
    await expect(queries.execute(new GetDocumentQuery('not-a-uuid', root))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('DeleteDocumentCommand: ForbiddenError for a reader, NotFoundError for a stranger, done for the owner', async () => {
    const scratch = await commands.execute(new CreateDocumentCommand('Ann scratch', ann));
    await expect(commands.execute(new DeleteDocumentCommand(scratch.id, ben))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(commands.execute(new DeleteDocumentCommand(scratch.id, cy))).rejects.toBeInstanceOf(NotFoundError);
    expect(await everyTitle()).toContain('Ann scratch');
    await commands.execute(new DeleteDocumentCommand(scratch.id, ann));
    expect(await everyTitle()).not.toContain('Ann scratch');
  });

  it('ListDocumentsQuery: the page the identity in the message may read, each item with its actions', async () => {
    const page = await queries.execute(new ListDocumentsQuery(ben, 1, 20));
    expect(page).toStrictEqual({ items: [{ ...annsPlan, permitted_actions: ['read'] }], total: 1 });
    expect(await titlesFor(cy)).toEqual(['Cy pitch']);
    expect(await everyTitle()).toEqual(['Ann plan', 'Cy pitch']);
  });

  it('refuses every message that names no caller, and writes nothing', async () => {
    const nobody = undefined as unknown as Identity;
    await expect(commands.execute(new CreateDocumentCommand('Orphan', nobody))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(queries.execute(new ListDocumentsQuery(nobody, 1, 20))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(queries.execute(new GetDocumentQuery(annsPlan.id, nobody))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(commands.execute(new DeleteDocumentCommand(annsPlan.id, nobody))).rejects.toBeInstanceOf(UnauthenticatedError);
    // Not an identity: an object without a user id is no caller either.
    await expect(commands.execute(new DeleteDocumentCommand(annsPlan.id, { groups: ['admin'] } as unknown as Identity))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await everyTitle()).toEqual(['Ann plan', 'Cy pitch']);
  });

  it('checks what the DTOs check over HTTP: the title and the paging', async () => {
    for (const title of ['', '   ', 'x'.repeat(201), 'a\u0000b', 42 as unknown as string]) {
      await expect(commands.execute(new CreateDocumentCommand(title, ann))).rejects.toBeInstanceOf(ValidationFailedError);
    }
    for (const [page, size] of [[0, 20], [1, 0], [1, 101], [1.5, 20], [Number.NaN, 20], [1e21, 20]]) {
      await expect(queries.execute(new ListDocumentsQuery(ann, page, size))).rejects.toBeInstanceOf(ValidationFailedError);
    }
    expect(await everyTitle()).toEqual(['Ann plan', 'Cy pitch']);
  });

  it('an attribute holding SQL is a value to compare, not SQL: it matches no department', async () => {
    for (const department of ["research' OR '1'='1", "x') OR 1=1 --", 'research%', '%']) {
      const sly: Identity = { userId: 'sly', username: 'sly', groups: [], attributes: { department } };
      expect(await queries.execute(new ListDocumentsQuery(sly, 1, 100))).toStrictEqual({ items: [], total: 0 });
      await expect(queries.execute(new GetDocumentQuery(annsPlan.id, sly))).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('an identity without a department reads only its own: the department rule grants it nothing', async () => {
    const loner: Identity = { userId: 'loner', username: 'loner', groups: ['staff'] };
    const own = await commands.execute(new CreateDocumentCommand('Loner notes', loner));
    expect(own.department).toBeNull();
    expect(await titlesFor(loner)).toEqual(['Loner notes']);
    expect(await titlesFor({ ...loner, userId: 'other-loner' })).toEqual([]);
    await commands.execute(new DeleteDocumentCommand(own.id, root));
  });
});
