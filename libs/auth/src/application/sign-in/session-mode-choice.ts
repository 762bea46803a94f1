import { ValidationFailedError } from '../../domain/auth-error';
import type { SessionMode } from '../../domain/session-mode';
import type { AuthSettings } from '../auth-settings';

/**
 * The mode of a new sign-in: `track_session` when given, else the configured one. A stateful
 * deployment promises that logout, revocation and removing a user stop access tokens at once; a
 * stateless token would break that promise for as long as it lives, so a client may ask for one
 * only where the app allows it (`allowStatelessSignIns`). Decided before any credential is checked.
 */
export function sessionModeOf(trackSession: boolean | undefined, settings: AuthSettings): SessionMode {
  if (trackSession === undefined) return settings.defaultMode;
  if (trackSession) return 'stateful';
  if (settings.defaultMode === 'stateful' && !settings.allowStatelessSignIns) {
    throw new ValidationFailedError(
      [{ field: 'track_session', message: 'this server keeps every session stateful; send true or leave it out' }],
      'Stateless sign-ins are not allowed here.',
    );
  }
  return 'stateless';
}
