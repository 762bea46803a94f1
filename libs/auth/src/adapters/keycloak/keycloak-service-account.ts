import type { KeycloakAnswer, KeycloakCall } from './keycloak-http';
import type { KeycloakRealm } from './keycloak-realm';

/** The realm-management role an admin call needs; named in the error when the realm has not granted it. */
export type RealmManagementRole = 'view-users' | 'query-users' | 'query-groups' | 'manage-users' | 'view-clients';

/** One call of the realm's admin REST API. */
export interface AdminCall extends Omit<KeycloakCall, 'bearer' | 'form'> {
  /** The role a 403 means is missing. */
  readonly role: RealmManagementRole;
}

/** Options of `KeycloakServiceAccount`. */
export interface KeycloakServiceAccountOptions {
  /** @default the system clock */
  readonly now?: () => Date;
}

/**
 * The realm is set up so the client's service account cannot do what Stepgate needs: a role is
 * missing, the secret is wrong, service accounts are off. An operator fixes it; no request can, so
 * it is no `AuthError` and the client sees a 500 while the log names the fix.
 */
export class KeycloakServiceAccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeycloakServiceAccountError';
  }
}

interface CachedToken {
  readonly token: string;
  /** When to fetch a new one: a little before `exp`, so a token never expires on its way to Keycloak. */
  readonly renewAt: number;
  /** The service account's own user id (`sub`). */
  readonly userId?: string;
}

// At most this long before `exp` a token is renewed; half its lifetime for short-lived tokens.
const RENEW_MARGIN_SECONDS = 30;

/**
 * Calls the realm's admin REST API as the client's service account (client-credentials grant).
 * The token is kept until shortly before it expires, and callers that find none share one token
 * request (single flight), so a burst of admin calls costs Keycloak one grant, not one each.
 */
export class KeycloakServiceAccount {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;
  private readonly now: () => Date;

  constructor(
    private readonly realm: KeycloakRealm,
    options: KeycloakServiceAccountOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Calls `path` of the admin API. A 401 means Keycloak no longer takes the cached token (a key
   * rotation, a restart, a revoked session): it is dropped and the call made once more with a new
   * one. A 403 throws `KeycloakServiceAccountError` naming the missing role. Other answers are returned.
   */
  async admin(path: string, { role, ...call }: AdminCall): Promise<KeycloakAnswer> {
    const url = this.realm.adminUrl(path);
    let token = await this.token();
    let answer = await this.realm.http.call(url, { ...call, bearer: token.token });
    if (answer.status === 401) {
      this.forget(token);
      token = await this.token();
      answer = await this.realm.http.call(url, { ...call, bearer: token.token });
      if (answer.status === 401) throw new KeycloakServiceAccountError(`Keycloak refused a fresh service-account token of client ${this.realm.clientId} on its admin API (401).`);
    }
    if (answer.status === 403) {
      throw new KeycloakServiceAccountError(
        `The service account of client ${this.realm.clientId} lacks the realm-management role ${role} in realm ${this.realm.name}: ` +
          `grant it under Clients > ${this.realm.clientId} > Service account roles.`,
      );
    }
    return answer;
  }

  /** The service account's own user id, which the user directory must never hand out as a user. */
  async userId(): Promise<string | undefined> {
    return (await this.token()).userId;
  }

  private token(): Promise<CachedToken> {
    if (this.cached && this.now().getTime() < this.cached.renewAt) return Promise.resolve(this.cached);
    this.pending ??= this.grant().finally(() => (this.pending = undefined));
    return this.pending;
  }

  // Only the token that was refused: a caller holding an older refusal must not drop a newer token.
  private forget(token: CachedToken): void {
    if (this.cached === token) this.cached = undefined;
  }

  private async grant(): Promise<CachedToken> {
    const requestedAt = this.now().getTime();
    const answer = await this.realm.http.call(this.realm.tokenEndpoint, { form: { ...this.realm.clientCredentials(), grant_type: 'client_credentials' } });
    const body = answer.body as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (answer.status === 400 || answer.status === 401) {
      throw new KeycloakServiceAccountError(
        `Keycloak refused the client credentials of ${this.realm.clientId} (${String(body?.error ?? answer.status)}): ` +
          'check KEYCLOAK_CLIENT_SECRET and that the client is confidential with service accounts enabled.',
      );
    }
    if (answer.status !== 200 || typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number' || !(body.expires_in > 0)) {
      throw this.realm.http.unexpected(answer, 'the client-credentials grant');
    }
    const margin = Math.min(RENEW_MARGIN_SECONDS, body.expires_in / 2);
    // Measured from before the request: the token's lifetime started no later than that.
    this.cached = { token: body.access_token, renewAt: requestedAt + (body.expires_in - margin) * 1000, userId: subjectOf(body.access_token) };
    return this.cached;
  }
}

// The token came straight from the token endpoint over this client's own connection, so its
// payload is read without checking the signature: it only names the account, it grants nothing here.
function subjectOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
