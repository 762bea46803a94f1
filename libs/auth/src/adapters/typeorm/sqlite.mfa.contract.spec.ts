// Relative imports: the suites are not exported from `@stepgate/auth/testing` yet.
import { DataSource } from 'typeorm';
import { recoveryCodeRepositoryContract } from '../../testing/recovery-code-repository.contract';
import { totpEnrollmentRepositoryContract } from '../../testing/totp-enrollment-repository.contract';
import { dataSourceOptionsFromUrl } from './data-source-options';
import { TypeormRecoveryCodeRepository } from './typeorm-recovery-code.repository';
import { TypeormTotpEnrollmentRepository } from './typeorm-totp-enrollment.repository';

// A fresh in-memory database per test, built by the migrations the way an app's database is.
function onSqlite<R>(build: (dataSource: DataSource) => R) {
  return async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite::memory:')).initialize();
    return { repository: build(dataSource), close: () => dataSource.destroy() };
  };
}

totpEnrollmentRepositoryContract('typeorm on sqlite', onSqlite((dataSource) => new TypeormTotpEnrollmentRepository(dataSource)));
recoveryCodeRepositoryContract('typeorm on sqlite', onSqlite((dataSource) => new TypeormRecoveryCodeRepository(dataSource)));
