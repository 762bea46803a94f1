export * from './clock';
export * from './identity-provider';
export * from './user-directory';
export * from './user-account-repository';
export * from './session-repository';
export * from './refresh-token-repository';
export * from './token-service';
export * from './attempt-counter';
