import type { Identity } from '../domain/identity';

/**
 * Checks a username and password and says who they belong to. The local provider checks the app's
 * own user table; the Keycloak provider asks the realm.
 */
export abstract class IdentityProvider {
  /**
   * Resolves to the identity when the credentials are right, to `undefined` otherwise. An unknown
   * username must cost the same work as a wrong password, so the two cannot be told apart by time.
   */
  abstract authenticate(username: string, password: string): Promise<Identity | undefined>;
}
