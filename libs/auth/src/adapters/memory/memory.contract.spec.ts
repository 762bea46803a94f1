import { attemptCounterContract, flowStateStoreContract, refreshTokenRepositoryContract, sessionRepositoryContract, userAccountRepositoryContract } from '@stepgate/auth/testing';
import { MemoryAttemptCounter } from './memory-attempt-counter';
import { MemoryFlowStateStore } from './memory-flow-state.store';
import { MemoryRefreshTokenRepository } from './memory-refresh-token.repository';
import { MemorySessionRepository } from './memory-session.repository';
import { MemoryUserAccountRepository } from './memory-user-account.repository';

const nothingToClose = async () => {};

userAccountRepositoryContract('memory', async () => ({ repository: new MemoryUserAccountRepository(), close: nothingToClose }));
sessionRepositoryContract('memory', async () => ({ repository: new MemorySessionRepository(), close: nothingToClose }));
refreshTokenRepositoryContract('memory', async () => ({ repository: new MemoryRefreshTokenRepository(), close: nothingToClose }));
attemptCounterContract('memory', async () => ({ counter: new MemoryAttemptCounter(), close: nothingToClose }));
flowStateStoreContract('memory', async () => ({ store: new MemoryFlowStateStore(), close: nothingToClose }));
