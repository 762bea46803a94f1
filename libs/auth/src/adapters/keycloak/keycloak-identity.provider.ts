import { normalizePassword } from '../../domain/password-policy';
import { normalizeUsername } from '../../domain/username';
import type { AccessTokenVerifier } from '../../ports/access-token-verifier';
import { type AuthenticatedIdentity, IdentityProvider, type ProviderLogout, type ProviderSession } from '../../ports/identity-provider';
import type { KeycloakRealm } from './keycloak-realm';

/** What a back-channel `logout_token` names once its signature and claims have been checked. */
export interface VerifiedLogoutNotice {
  readonly sid?: string;
  readonly sub?: string;
}

/** Options of `KeycloakIdentityProvider`; `keycloakIdentity()` builds them from one realm. */
export interface KeycloakIdentityProviderOptions {
  readonly realm: KeycloakRealm;
  /** Checks the access token the password grant returns and reads the identity from it. */
  readonly tokens: AccessTokenVerifier;
  /** Checks a back-channel `logout_token` against the realm's keys. */
  readonly logoutNotices: (logoutToken: string, now: Date) => Promise<VerifiedLogoutNotice>;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** The token endpoint's answer to a password grant, as far as it is read. */
interface PasswordGrant {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly refresh_expires_in?: number;
  readonly session_state?: string;
}

/**
 * Checks passwords with the realm's password grant (direct access grants on a confidential
 * client), so Keycloak's own policies apply: disabled users, required actions, brute-force
 * detection. The grant's access token is verified like any realm token, and its claims give the
 * identity: groups and realm and client roles become permits, mapped attributes stay attributes.
 * Stepgate then issues its own tokens (DESIGN.md section 4b); the realm session the grant opened is
 * ended when the module session ends. Keycloak down or slow: `KeycloakUnavailableError` (503).
 */
export class KeycloakIdentityProvider extends IdentityProvider {
  private readonly now: () => Date;

  constructor(private readonly options: KeycloakIdentityProviderOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  async authenticate(username: string, password: string): Promise<AuthenticatedIdentity | undefined> {
    // The same sign-in name everywhere (DESIGN.md section 5); Keycloak lower-cases usernames itself.
    const name = normalizeUsername(username);
    // Passwords reach the realm in their NFKC form, as the directory sets them; one set in Keycloak
    // itself may hold the form as typed, which is tried second (as the local hasher does).
    const normalized = normalizePassword(password);
    const grant = (await this.passwordGrant(name, normalized)) ?? (normalized === password ? undefined : await this.passwordGrant(name, password));
    if (!grant) return undefined;
    const now = this.now();
    const access = await this.options.tokens.verify(grant.access_token, now);
    // Keycloak also signs a user in by email: that name would have a throttle counter of its own,
    // doubling the guesses an account gets. Only the username itself signs in; the grant's session
    // is ended so that no refusal leaves one behind.
    if (access.identity.username !== name) {
      await this.endOpened(grant, access.claims, now);
      return undefined;
    }
    return { ...access.identity, ...providerSessionOf(grant, access.claims, now) };
  }

  /** The grant, or undefined for wrong credentials (unknown or disabled user, required actions: all one refusal). */
  private async passwordGrant(username: string, password: string): Promise<PasswordGrant | undefined> {
    const { realm } = this.options;
    const form = { ...realm.clientCredentials(), grant_type: 'password', scope: 'openid', username, password };
    const answer = await realm.http.call(realm.tokenEndpoint, { form });
    if ((answer.status === 400 || answer.status === 401) && errorOf(answer.body) === 'invalid_grant') return undefined;
    if (answer.status !== 200 || !isPasswordGrant(answer.body)) throw realm.http.unexpected(answer, 'the password grant');
    return answer.body;
  }

  private async endOpened(grant: PasswordGrant, claims: Readonly<Record<string, unknown>>, now: Date): Promise<void> {
    const opened = providerSessionOf(grant, claims, now).providerSession;
    if (opened) await this.endSession(opened);
  }

  /** Ends the realm session: the logout endpoint with the grant's refresh token (keycloak-connect has no call for it). */
  override async endSession(session: ProviderSession): Promise<void> {
    const { realm } = this.options;
    const answer = await realm.http.call(realm.logoutEndpoint, { form: { ...realm.clientCredentials(), refresh_token: session.handle } });
    // 400: the session has ended already (idle timeout, an admin, another logout). Nothing is left to end.
    if (answer.status !== 204 && answer.status !== 200 && answer.status !== 400) throw realm.http.unexpected(answer, 'the logout');
  }

  override async verifyLogoutNotice(logoutToken: string, now: Date): Promise<ProviderLogout> {
    const { sid, sub } = await this.options.logoutNotices(logoutToken, now);
    return sid ? { sessionIds: [sid] } : { sessionIds: [], userId: sub };
  }
}

function errorOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
}

function isPasswordGrant(body: unknown): body is PasswordGrant {
  return typeof body === 'object' && body !== null && typeof (body as PasswordGrant).access_token === 'string';
}

/** The realm session the grant opened, when the answer names it and can end it. */
function providerSessionOf(grant: PasswordGrant, claims: Readonly<Record<string, unknown>>, now: Date): { providerSession?: ProviderSession } {
  const id = typeof claims.sid === 'string' ? claims.sid : grant.session_state;
  const lifetime = grant.refresh_expires_in;
  if (!id || !grant.refresh_token || typeof lifetime !== 'number' || !(lifetime > 0)) return {};
  return { providerSession: { id, handle: grant.refresh_token, expiresAt: new Date(now.getTime() + lifetime * 1000) } };
}
