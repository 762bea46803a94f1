export * from './jose-pre-auth-token.codec';
export * from './pre-auth-token-key';
