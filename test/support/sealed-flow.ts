import { randomUUID } from 'node:crypto';
import { PRE_AUTH_TOKEN_TYPE } from '../../libs/auth/src/adapters/jose/jose-pre-auth-token.codec';
import { derivePreAuthTokenKey } from '../../libs/auth/src/adapters/jose/pre-auth-token-key';
import { toPayload } from '../../libs/auth/src/adapters/jose/pre-auth-token.payload';
import { AuthSession } from '../../libs/auth/src/domain/auth-session';
import { TESTING_SIGNING_KEY } from '../../libs/auth/src/testing/auth-testing-module';

/** The key the module gives the pre-auth token codec: derived from the signing key. */
export const PRE_AUTH_TOKEN_KEY = derivePreAuthTokenKey(TESTING_SIGNING_KEY);

/** The one header the codec writes: a token sealed by hand with it is as genuine as the codec's own. */
export const PRE_AUTH_TOKEN_HEADER = { alg: 'dir', enc: 'A256GCM', typ: PRE_AUTH_TOKEN_TYPE };

const now = new Date('2026-01-01T08:00:00.000Z');

/** The payload the codec seals for a fresh flow past its password and offered `totp`. */
export function pendingFlowPayload(): Record<string, unknown> {
  const flow = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now, expiresAt: new Date(now.getTime() + 300_000) });
  flow.completeStep('username-password', 'pwd', now);
  flow.offer(['totp'], new Date(now.getTime() + 120_000));
  return toPayload(flow.toState());
}
