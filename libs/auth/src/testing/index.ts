export * from './fixed-clock';
export * from './unique-tag';
export * from './user-account-repository.contract';
export * from './session-repository.contract';
export * from './refresh-token-repository.contract';
export * from './attempt-counter.contract';
export * from './flow-state-store.contract';
export * from './auth-testing-module';
