// Relative import: the suite is not exported from `@stepgate/auth/testing` yet.
import { otpChallengeStoreContract } from '../../testing/otp-challenge-store.contract';
import { MemoryOtpChallengeStore } from './memory-otp-challenge.store';

otpChallengeStoreContract('memory', async () => ({ store: new MemoryOtpChallengeStore(), close: async () => {} }));
