import { generateKeyPairSync } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, EventBus, QueryBus } from '@nestjs/cqrs';
import { AuthModule } from '../auth.module';
import type { AuthModuleOptions } from '../auth-module.options';
import { memoryPersistence, memoryStores } from '../persistence';
import { UserDirectory } from '../ports/user-directory';
import { requirePeer } from '../peer-dependencies';
import { FixedClock } from './fixed-clock';
export { completed } from '../application/sign-in/sign-in-result';

/** A booted module on in-memory adapters, with its buses, its clock and the events it published. */
export interface AuthTestingModule {
  /** The compiled Nest module: `get()` any provider of the auth module from it. */
  readonly module: INestApplicationContext;
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly directory: UserDirectory;
  readonly clock: FixedClock;
  /** Every event published on the EventBus, in order. */
  readonly events: object[];
  close(): Promise<void>;
}

/** A test-only key, generated once per process. */
export const TESTING_SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/**
 * The module with in-memory adapters, a fixed clock and no HTTP guards, for specs that drive the
 * use cases through the buses.
 *
 * @example
 * const auth = await createAuthTestingModule();
 * await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
 * await auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann'));
 */
export async function createAuthTestingModule(options: Partial<AuthModuleOptions> = {}): Promise<AuthTestingModule> {
  const clock = options.clock instanceof FixedClock ? options.clock : new FixedClock(new Date());
  // Loaded here, not at the top: the rest of `@stepgate/auth/testing` works without @nestjs/testing.
  const { Test } = requirePeer<typeof import('@nestjs/testing')>('@nestjs/testing', 'createAuthTestingModule');
  const module = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        signingKey: { privateKey: TESTING_SIGNING_KEY },
        persistence: memoryPersistence(),
        stores: memoryStores(),
        // Cheap hashing keeps handler specs fast; the password specs use the real parameters.
        password: { memoryCost: 1024, timeCost: 1 },
        ...options,
        clock,
      }),
    ],
  }).compile();
  await module.init();
  const events: object[] = [];
  const subscription = module.get(EventBus).subscribe((event: object) => events.push(event));
  return {
    module,
    commands: module.get(CommandBus),
    queries: module.get(QueryBus),
    directory: module.get(UserDirectory),
    clock,
    events,
    close: async () => {
      subscription.unsubscribe();
      await module.close();
    },
  };
}

