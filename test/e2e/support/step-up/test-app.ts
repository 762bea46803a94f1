import { afterEach } from 'vitest';
import { memoryPersistence, memoryStores } from '@stepgate/auth';
import { FixedClock, uniqueTag } from '@stepgate/auth/testing';
import { openPostgresRedisStorage } from '../postgres-redis-storage';
import { startSmtpTestServer } from '../../../support/smtp-test-server';
import { startSmsTestGateway } from '../../../support/sms-test-gateway';
import { CommandRuns } from './test-routes';
import { closeGroup, type Group, startInstance } from './test-app-instance';
import type { StepUpTestApp, StepUpTestAppOptions, StepUpUser, StepUpUserName } from './test-app.types';

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
