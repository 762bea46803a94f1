export * from './argon2-password-hasher';
export * from './local-identity-provider';
export * from './local-user-directory';
