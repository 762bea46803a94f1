import type { RefreshTokenRecord } from './refresh-token';

/**
 * What a completed sign-in or a refresh hands to the client: a short-lived signed access token and
 * an opaque refresh token. `refreshRecord` is the hashed form that is stored; `refreshToken` is the
 * raw secret and is never persisted.
 */
export class TokenPair {
  constructor(
    readonly accessToken: string,
    readonly accessTokenExpiresIn: number,
    readonly refreshToken: string,
    readonly refreshRecord: RefreshTokenRecord,
  ) {}

  get sessionId(): string {
    return this.refreshRecord.sessionId;
  }
}
