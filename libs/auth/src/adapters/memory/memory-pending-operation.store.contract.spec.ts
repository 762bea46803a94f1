// Relative import: the suite is exported from `@stepgate/auth/testing` for apps' own adapters.
import { pendingOperationStoreContract } from '../../testing/pending-operation-store.contract';
import { MemoryPendingOperationStore } from './memory-pending-operation.store';

pendingOperationStoreContract('memory', async () => ({ store: new MemoryPendingOperationStore(), close: async () => {} }));
