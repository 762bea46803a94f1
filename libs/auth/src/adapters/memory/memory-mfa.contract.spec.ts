// Relative imports: the suites are not exported from `@stepgate/auth/testing` yet.
import { recoveryCodeRepositoryContract } from '../../testing/recovery-code-repository.contract';
import { totpEnrollmentRepositoryContract } from '../../testing/totp-enrollment-repository.contract';
import { MemoryRecoveryCodeRepository } from './memory-recovery-code.repository';
import { MemoryTotpEnrollmentRepository } from './memory-totp-enrollment.repository';

const nothingToClose = async () => {};

totpEnrollmentRepositoryContract('memory', async () => ({ repository: new MemoryTotpEnrollmentRepository(), close: nothingToClose }));
recoveryCodeRepositoryContract('memory', async () => ({ repository: new MemoryRecoveryCodeRepository(), close: nothingToClose }));
