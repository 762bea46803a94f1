import { RecoveryCodeEntity } from './entities/recovery-code.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity } from './entities/session.entity';
import { TotpEnrollmentEntity } from './entities/totp-enrollment.entity';
import { TotpPendingSetupEntity } from './entities/totp-pending-setup.entity';
import { UserAccountEntity } from './entities/user-account.entity';
import { CreateStepgateTables1732200000000 } from './migrations/1732200000000-create-stepgate-tables';
import { AddSignInFlowColumns1732300000000 } from './migrations/1732300000000-add-sign-in-flow-columns';
import { AddUserPhoneNumber1732410000000 } from './migrations/1732410000000-add-user-phone-number';
import { CreateMfaTables1732500000000 } from './migrations/1732500000000-create-mfa-tables';

/**
 * Entities to add to an app's own DataSource when it hosts Stepgate's tables.
 *
 * @example
 * new DataSource({ type: 'postgres', url, entities: [...STEPGATE_ENTITIES, ...mine], migrations: [...STEPGATE_MIGRATIONS, ...mine] });
 */
export const STEPGATE_ENTITIES = [UserAccountEntity, SessionEntity, RefreshTokenEntity, TotpEnrollmentEntity, TotpPendingSetupEntity, RecoveryCodeEntity];

/** Migrations that create the tables `STEPGATE_ENTITIES` map, in order. */
export const STEPGATE_MIGRATIONS = [
  CreateStepgateTables1732200000000,
  AddSignInFlowColumns1732300000000,
  AddUserPhoneNumber1732410000000,
  CreateMfaTables1732500000000,
];
