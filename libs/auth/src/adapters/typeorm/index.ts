// `@stepgate/auth/typeorm`: persistence in the app's own TypeORM database (PostgreSQL, SQLite).
// A separate entry point, so apps on memory persistence never load TypeORM.
import './typeorm-installed';

export { typeormPersistence, type TypeormPersistenceOptions } from './typeorm-persistence';
export { dataSourceOptionsFromUrl } from './data-source-options';
export { whereAuthorized } from './authorization-where';
export { STEPGATE_ENTITIES, STEPGATE_MIGRATIONS } from './schema';
export { TypeormUserAccountRepository } from './typeorm-user-account.repository';
export { TypeormSessionRepository } from './typeorm-session.repository';
export { TypeormRefreshTokenRepository } from './typeorm-refresh-token.repository';
export { TypeormTotpEnrollmentRepository } from './typeorm-totp-enrollment.repository';
export { TypeormRecoveryCodeRepository } from './typeorm-recovery-code.repository';
export { UserAccountEntity } from './entities/user-account.entity';
export { SessionEntity } from './entities/session.entity';
export { RefreshTokenEntity } from './entities/refresh-token.entity';
export { TotpEnrollmentEntity } from './entities/totp-enrollment.entity';
export { RecoveryCodeEntity } from './entities/recovery-code.entity';
export { TotpPendingSetupEntity } from './entities/totp-pending-setup.entity';
export { CreateStepgateTables1732200000000 } from './migrations/1732200000000-create-stepgate-tables';
export { AddSignInFlowColumns1732300000000 } from './migrations/1732300000000-add-sign-in-flow-columns';
export { AddUserPhoneNumber1732410000000 } from './migrations/1732410000000-add-user-phone-number';
export { CreateMfaTables1732500000000 } from './migrations/1732500000000-create-mfa-tables';
