import type { DataSource } from 'typeorm';
import type { AuthPersistence } from '../../auth-module.options';
import { TypeormRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeormSessionRepository } from './typeorm-session.repository';
import { TypeormUserAccountRepository } from './typeorm-user-account.repository';

/**
 * Keeps users, sessions and refresh tokens in the app's TypeORM database (PostgreSQL or SQLite). Add
 * `STEPGATE_ENTITIES` and `STEPGATE_MIGRATIONS` to that data source, or build its options with
 * `dataSourceOptionsFromUrl`.
 *
 * @example
 * import { typeormPersistence } from '@stepgate/auth/typeorm';
 * AuthModule.forRootAsync({ inject: [DataSource], useFactory: (ds: DataSource) => ({ signingKey, persistence: typeormPersistence(ds) }) });
 */
export function typeormPersistence(dataSource: DataSource): AuthPersistence {
  return {
    users: new TypeormUserAccountRepository(dataSource),
    sessions: new TypeormSessionRepository(dataSource),
    refreshTokens: new TypeormRefreshTokenRepository(dataSource),
  };
}
