import { type Identity, ServiceUnavailableError, UserDirectory } from '@stepgate/auth';

/**
 * A directory that knows one user and changes nobody: what a guard, a refresh and `/auth/me` read,
 * for suites that plug in an identity provider of their own. `down` makes it fail as a remote
 * directory does when its server is unreachable (503).
 */
export class OneUserDirectory extends UserDirectory {
  down = false;

  constructor(private readonly user: Identity) {
    super();
  }

  findById = async (userId: string) => {
    if (this.down) throw new ServiceUnavailableError('The directory is unavailable.', { retryAfterSeconds: 3 });
    return userId === this.user.userId ? { ...this.user, enabled: true } : undefined;
  };
  findByUsername = async () => undefined;
  list = async () => ({ items: [], total: 0 });
  create = (): never => {
    throw new Error('This directory creates no users.');
  };
  update = async () => undefined;
  changePassword = async () => 'not_found' as const;
  remove = async () => undefined;
}
