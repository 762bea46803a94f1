import type { DataSource } from 'typeorm';
import type { AuthPersistence } from '../../auth-module.options';
import { TypeormRecoveryCodeRepository } from './typeorm-recovery-code.repository';
import { TypeormRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeormSessionRepository } from './typeorm-session.repository';
import { TypeormTotpEnrollmentRepository } from './typeorm-totp-enrollment.repository';
import { TypeormUserAccountRepository } from './typeorm-user-account.repository';

// Drivers whose database is a file (or memory) on one host: the embedded single-instance setups.
const EMBEDDED_DRIVERS: ReadonlySet<string> = new Set(['sqlite', 'better-sqlite3', 'sqljs', 'capacitor', 'cordova', 'expo', 'nativescript', 'react-native']);

/** How `typeormPersistence` describes the data source it was given. */
export interface TypeormPersistenceOptions {
  /**
   * Whether other processes use the same database, which makes the module require shared stores
   * (or `singleInstance: true`). Set it for several processes on one SQLite file.
   * @default true for a database server (PostgreSQL, MySQL, ...), false for SQLite and other embedded drivers
   */
  shared?: boolean;
}

/**
 * Keeps users, sessions, refresh tokens, TOTP enrolments and recovery codes in the app's TypeORM
 * database (PostgreSQL or SQLite). Add `STEPGATE_ENTITIES` and `STEPGATE_MIGRATIONS` to that data
 * source, or build its options with `dataSourceOptionsFromUrl`.
 *
 * @example
 * import { typeormPersistence } from '@stepgate/auth/typeorm';
 * AuthModule.forRootAsync({ inject: [DataSource], useFactory: (ds: DataSource) => ({ signingKey, persistence: typeormPersistence(ds) }) });
 */
export function typeormPersistence(dataSource: DataSource, options: TypeormPersistenceOptions = {}): AuthPersistence {
  return {
    users: new TypeormUserAccountRepository(dataSource),
    sessions: new TypeormSessionRepository(dataSource),
    refreshTokens: new TypeormRefreshTokenRepository(dataSource),
    totpEnrollments: new TypeormTotpEnrollmentRepository(dataSource),
    recoveryCodes: new TypeormRecoveryCodeRepository(dataSource),
    shared: options.shared ?? !EMBEDDED_DRIVERS.has(dataSource.options.type),
  };
}
