import { refreshTokenRepositoryContract, sessionRepositoryContract, userAccountRepositoryContract } from '@stepgate/auth/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from './data-source-options';
import { TypeormRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeormSessionRepository } from './typeorm-session.repository';
import { TypeormUserAccountRepository } from './typeorm-user-account.repository';

// A fresh in-memory database per test, built by the migrations the way an app's database is.
function onSqlite<R>(build: (dataSource: DataSource) => R) {
  return async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite::memory:')).initialize();
    return { repository: build(dataSource), close: () => dataSource.destroy() };
  };
}

userAccountRepositoryContract('typeorm on sqlite', onSqlite((dataSource) => new TypeormUserAccountRepository(dataSource)));
sessionRepositoryContract('typeorm on sqlite', onSqlite((dataSource) => new TypeormSessionRepository(dataSource)));
refreshTokenRepositoryContract('typeorm on sqlite', onSqlite((dataSource) => new TypeormRefreshTokenRepository(dataSource)));
