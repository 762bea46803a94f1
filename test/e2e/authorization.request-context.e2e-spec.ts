// Threat: a handler reached from a route that forgot to put the caller in the message running as
// nobody in particular. With `requestContext: true` @Authorize finds the caller of the HTTP request
// being handled; without the context, or on a public route, the same message is refused.
import { Controller, Delete, HttpCode, INestApplication, Injectable, Param } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { Authorize, AuthModule, memoryPersistence, Public, type ResourceFinder, UserDirectory } from '@stepgate/auth';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_KEY } from './support/demo-app';
import { bearer, expectProblem } from './support/problem';

const owners = new Map<string, string>();

@Injectable()
class BoxFinder implements ResourceFinder {
  async find(id: string) {
    const owner = owners.get(id);
    return owner === undefined ? undefined : { id, owner_id: owner };
  }
}

/** Names no caller: the identity can only come from the request being handled. */
class EmptyBoxCommand {
  constructor(readonly id: string) {}
}

const emptied: string[] = [];

@CommandHandler(EmptyBoxCommand)
class EmptyBoxHandler implements ICommandHandler<EmptyBoxCommand> {
  @Authorize<EmptyBoxCommand>({ resource: 'box', action: 'empty', idFrom: 'id' })
  async execute({ id }: EmptyBoxCommand) {
    emptied.push(id);
  }
}

@Controller('boxes')
class BoxesController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  async empty(@Param('id') id: string) {
    await this.commands.execute(new EmptyBoxCommand(id));
  }

  @Public()
  @Delete('public/:id')
  @HttpCode(204)
  async emptyPublicly(@Param('id') id: string) {
    await this.commands.execute(new EmptyBoxCommand(id));
  }
}

/** The module with one resource type, `box`, which its owner may read and empty. */
const boxesAuth = (requestContext: boolean) =>
  AuthModule.forRoot({
    signingKey: { privateKey: TEST_SIGNING_KEY },
    persistence: memoryPersistence(),
    requestContext,
    authorization: { resources: { box: { actions: ['read', 'empty'], finder: BoxFinder, rules: (identity) => [{ action: ['read', 'empty'], conditions: { owner_id: identity.userId } }] } } },
  });

describe.each([true, false])('@Authorize with requestContext %s', (requestContext) => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        boxesAuth(requestContext),
      ],
      controllers: [BoxesController],
      providers: [BoxFinder, EmptyBoxHandler],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    http = request((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    const directory = app.get(UserDirectory);
    for (const username of ['dora', 'eve']) {
      const { userId } = await directory.create({ username, password: `${username}-password` });
      owners.set(`box-of-${username}-${requestContext}`, userId);
      tokens[username] = (await http.post('/auth/login').send({ username, password: `${username}-password` }).expect(200)).body.access_token;
    }
  });
  afterAll(() => app.close());

  it(requestContext ? 'checks the caller of the request' : 'refuses: nothing names the caller', async () => {
    emptied.length = 0;
    const own = await http.delete(`/boxes/box-of-dora-${requestContext}`).set(bearer(tokens.dora));
    if (requestContext) {
      expect(own.status).toBe(204);
      expectProblem(await http.delete(`/boxes/box-of-eve-${requestContext}`).set(bearer(tokens.dora)), 404, 'NOT_FOUND');
      expect(emptied).toEqual([`box-of-dora-${requestContext}`]);
    } else {
      expectProblem(own, 401, 'UNAUTHENTICATED');
      expect(emptied).toEqual([]);
    }
  });

  it('refuses on a public route, where no caller is known', async () => {
    emptied.length = 0;
    expectProblem(await http.delete(`/boxes/public/box-of-dora-${requestContext}`), 401, 'UNAUTHENTICATED');
    expect(emptied).toEqual([]);
  });
});

// Threat: two Nest apps in one process, where a route of one sends a message to the other's bus.
// The request context is one AsyncLocalStorage for the process; the other app must not take the
// first one's caller for its own, whether or not it has the request context on.
describe.each([false, true])('a second app in the process, with requestContext %s', (secondHasContext) => {
  let first: INestApplication;
  let second: INestApplication;
  let http: ReturnType<typeof request>;
  let token: string;

  @Controller('relay')
  class RelayController {
    @Delete(':id')
    @HttpCode(204)
    async relay(@Param('id') id: string) {
      await second.get(CommandBus).execute(new EmptyBoxCommand(id));
    }
  }

  const appWith = (requestContext: boolean, controllers: unknown[]) =>
    Test.createTestingModule({
      imports: [
        boxesAuth(requestContext),
      ],
      controllers: controllers as never[],
      providers: [BoxFinder, EmptyBoxHandler],
    }).compile();

  beforeAll(async () => {
    first = (await appWith(true, [RelayController])).createNestApplication({ logger: false });
    await first.listen(0, '127.0.0.1');
    second = (await appWith(secondHasContext, [])).createNestApplication({ logger: false });
    await second.init();
    http = request((await first.getUrl()).replace('[::1]', '127.0.0.1'));
    const { userId } = await first.get(UserDirectory).create({ username: 'mallory', password: 'mallory-password' });
    owners.set(`relayed-${secondHasContext}`, userId);
    token = (await http.post('/auth/login').send({ username: 'mallory', password: 'mallory-password' }).expect(200)).body.access_token;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('refuses a message that names no caller of its own', async () => {
    emptied.length = 0;
    expectProblem(await http.delete(`/relay/relayed-${secondHasContext}`).set(bearer(token)), 401, 'UNAUTHENTICATED');
    expect(emptied).toEqual([]);
  });
});
