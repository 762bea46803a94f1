import type { AuthSessionState } from '../domain/auth-session';

/**
 * Seals a pending sign-in into the `pre_auth_token` of stateless mode, and opens it again. The
 * client carries the token between steps; it can neither read nor change what is inside.
 */
export abstract class PreAuthTokenCodec {
  abstract seal(flow: AuthSessionState): Promise<string>;

  /**
   * The sealed state, unchanged. Throws `TokenInvalidError` for anything this codec did not seal
   * (tampered, another algorithm or encryption, compressed, oversized). Expiry is not checked here:
   * the caller compares `expiresAt` with its clock.
   */
  abstract open(token: string): Promise<AuthSessionState>;
}
