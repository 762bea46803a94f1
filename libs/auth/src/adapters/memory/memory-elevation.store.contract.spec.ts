// Relative import: the suite is exported from `@stepgate/auth/testing` for apps' own adapters.
import { elevationStoreContract } from '../../testing/elevation-store.contract';
import { MemoryElevationStore } from './memory-elevation.store';

elevationStoreContract('memory', async () => ({ store: new MemoryElevationStore(), close: async () => {} }));
