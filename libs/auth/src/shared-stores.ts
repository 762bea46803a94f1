import type { AuthPersistence, AuthStores } from './auth-module.options';

/**
 * Thrown at start-up when persistence is shared between processes (a database server) but the
 * stores are not: each instance would keep its own flow state and attempt counters, so a sign-in
 * step landing on another instance fails and every throttle is multiplied by the instance count.
 */
export class StoresNotSharedError extends Error {
  override readonly name = 'StoresNotSharedError';

  constructor() {
    super(
      'Persistence is shared between processes (e.g. PostgreSQL) but the stores are in this process only: ' +
        'flow state and attempt counters would differ per instance. Give stores: redisStores(redis) for several instances, ' +
        'or set singleInstance: true if exactly one instance uses this database.',
    );
  }
}

/**
 * Refuses shared persistence beside stores that do not say they are shared, unless the app says
 * one instance is intended. Stores without a `shared` flag count as unshared: failing closed here
 * costs one option, guessing wrong costs the throttles.
 */
export function assertStoresFitPersistence(persistence: AuthPersistence, stores: AuthStores, singleInstance: boolean | undefined): void {
  if (persistence.shared === true && stores.shared !== true && singleInstance !== true) throw new StoresNotSharedError();
}
