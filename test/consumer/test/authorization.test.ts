// ABAC from the packed package: rules declared in forRoot, a handler behind @Authorize reached over
// HTTP and on the app's own CommandBus, and @PermittedActions on a query's results.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserCommand, ForbiddenError, NotFoundError, UnauthenticatedError, type Identity } from '@stepgate/auth';
import { deleted, DeleteNoteCommand, NotesAppModule } from '../src/notes';

describe('ABAC from the packed package', () => {
  let app: INestApplication;
  let url: string;
  const users: Record<string, string> = {};

  before(async () => {
    app = await NestFactory.create(NotesAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const commands = app.get(CommandBus);
    for (const [username, department] of [['ann', 'research'], ['bob', 'research']]) {
      const created = await commands.execute(new CreateUserCommand(username, `${username}-password-for-the-check`, { attributes: { department } }));
      users[username] = created.userId;
    }
  });
  after(async () => app.close());

  const tokenOf = async (username: string) => {
    const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password-for-the-check` }) });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  it('filters a list and gives each item the actions its caller holds', async () => {
    const response = await fetch(`${url}/notes`, { headers: { authorization: `Bearer ${await tokenOf('bob')}` } });
    const body = (await response.json()) as { items: { id: string; permitted_actions: string[] }[] };
    // Users get generated ids, so bob owns none of the fixed notes: he reads his department's.
    assert.deepEqual(body.items.map((item) => [item.id, item.permitted_actions]), [['n1', ['read']], ['n2', ['read']]]);
  });

  it('answers 404 for a resource the caller may not read and 403 for one they may read but not delete', async () => {
    const authorization = { authorization: `Bearer ${await tokenOf('bob')}` };
    const hidden = await fetch(`${url}/notes/n3`, { method: 'DELETE', headers: authorization });
    assert.equal(hidden.status, 404);
    assert.equal(((await hidden.json()) as { code: string }).code, 'NOT_FOUND');
    const readable = await fetch(`${url}/notes/n1`, { method: 'DELETE', headers: authorization });
    assert.equal(readable.status, 403);
    assert.equal(((await readable.json()) as { code: string }).code, 'FORBIDDEN');
  });

  it('guards the handler on the bus, without HTTP', async () => {
    const commands = app.get(CommandBus);
    const owner: Identity = { userId: 'ann', username: 'ann', groups: [], attributes: { department: 'research' } };
    await commands.execute(new DeleteNoteCommand('n1', owner));
    assert.deepEqual(deleted, ['n1']);
    await assert.rejects(commands.execute(new DeleteNoteCommand('n2', owner)), ForbiddenError);
    await assert.rejects(commands.execute(new DeleteNoteCommand('n3', owner)), NotFoundError);
    await assert.rejects(commands.execute(new DeleteNoteCommand('n1')), UnauthenticatedError);
    assert.deepEqual(deleted, ['n1']);
  });
});
