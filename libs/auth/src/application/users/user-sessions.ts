import type { SessionRevocationReason } from '../../domain/events/session-revoked.event';
import type { SessionRepository } from '../../ports/session-repository';
import type { SessionRevoker } from '../sessions/session-revoker';

/** Why a user's sessions end, by cause: the reason `SessionRevokedEvent` carries. */
export const SESSION_END_REASONS = {
  disabled: 'user_disabled',
  passwordSetByAdmin: 'password_set_by_admin',
  passwordChanged: 'password_changed',
  passwordReset: 'password_reset',
} as const satisfies Record<string, SessionRevocationReason>;

/** Ends every active session of `userId`, stateful or stateless, except `keepSessionId`. */
export async function endSessionsOf(
  sessions: SessionRepository,
  revoker: SessionRevoker,
  userId: string,
  reason: SessionRevocationReason,
  now: Date,
  keepSessionId?: string,
): Promise<void> {
  for (const session of await sessions.listActive(userId, now)) {
    if (session.id !== keepSessionId) await revoker.revoke(session, reason, now);
  }
}
