export * from './memory-user-account.repository';
export * from './memory-session.repository';
export * from './memory-refresh-token.repository';
export * from './memory-attempt-counter';
export * from './memory-flow-state.store';
