// Relative import: the suite is exported from `@stepgate/auth/testing` for apps' own adapters.
import { providerSessionStoreContract } from '../../testing/provider-session-store.contract';
import { MemoryProviderSessionStore } from './memory-provider-session.store';

providerSessionStoreContract('memory', async () => ({ store: new MemoryProviderSessionStore(), close: async () => {} }));
