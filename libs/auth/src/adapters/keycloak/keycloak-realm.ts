import { KeycloakHttp } from './keycloak-http';

/** Where a Keycloak realm is and which confidential client Stepgate speaks for. */
export interface KeycloakRealmOptions {
  /** The server's base URL, e.g. `KEYCLOAK_URL=http://127.0.0.1:8180` (no `/realms/...`). */
  url: string;
  /** The realm's name, e.g. `KEYCLOAK_REALM=stepgate`. */
  realm: string;
  /** The confidential client with direct access grants, e.g. `KEYCLOAK_CLIENT_ID=stepgate-api`. */
  clientId: string;
  /** The client's secret, e.g. `KEYCLOAK_CLIENT_SECRET`. */
  clientSecret: string;
  /**
   * How long one call to Keycloak may take before the request that needs it answers 503
   * `SERVICE_UNAVAILABLE`, in milliseconds. @default 5000
   */
  timeoutMs?: number;
  /** The `Retry-After` of those 503 answers, in seconds. @default 5 */
  retryAfterSeconds?: number;
}

/**
 * One realm's endpoints and the client that calls them, shared by the identity provider, the
 * realm-token verifier and the user directory so they agree on the issuer and on time-outs.
 */
export class KeycloakRealm {
  /** The realm's `iss`, e.g. `http://127.0.0.1:8180/realms/stepgate`. */
  readonly issuer: string;
  readonly name: string;
  readonly clientId: string;
  readonly http: KeycloakHttp;
  private readonly adminBase: string;

  constructor(private readonly options: KeycloakRealmOptions) {
    const base = serverUrl(options.url);
    if (!options.realm) throw new KeycloakConfigError('KeycloakRealm: `realm` is required (an unset KEYCLOAK_REALM?).');
    if (!options.clientId) throw new KeycloakConfigError('KeycloakRealm: `clientId` is required (an unset KEYCLOAK_CLIENT_ID?).');
    if (!options.clientSecret) throw new KeycloakConfigError('KeycloakRealm: `clientSecret` is required (an unset KEYCLOAK_CLIENT_SECRET?).');
    this.name = options.realm;
    this.clientId = options.clientId;
    this.issuer = `${base}/realms/${encodeURIComponent(options.realm)}`;
    this.adminBase = `${base}/admin/realms/${encodeURIComponent(options.realm)}`;
    this.http = new KeycloakHttp({ timeoutMs: options.timeoutMs ?? 5000, retryAfterSeconds: options.retryAfterSeconds ?? 5 });
  }

  get tokenEndpoint(): string {
    return `${this.issuer}/protocol/openid-connect/token`;
  }

  get certsEndpoint(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  get logoutEndpoint(): string {
    return `${this.issuer}/protocol/openid-connect/logout`;
  }

  get introspectionEndpoint(): string {
    return `${this.issuer}/protocol/openid-connect/token/introspect`;
  }

  /** A path of the realm's admin REST API, e.g. `adminUrl('/users')`. */
  adminUrl(path: string): string {
    return `${this.adminBase}${path}`;
  }

  /** The client's own credentials, as form fields of a token, logout or introspection call. */
  clientCredentials(): Record<string, string> {
    return { client_id: this.options.clientId, client_secret: this.options.clientSecret };
  }
}

/** A Keycloak setting that could never work, found at start-up. The message names the option, never a secret. */
export class KeycloakConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeycloakConfigError';
  }
}

function serverUrl(value: string): string {
  const url = value && URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new KeycloakConfigError('KeycloakRealm: `url` must be an http:// or https:// URL (an unset KEYCLOAK_URL?).');
  }
  if (url.username || url.password || url.search || url.hash) throw new KeycloakConfigError('KeycloakRealm: `url` must be the bare server URL, without credentials, query or fragment.');
  return url.href.replace(/\/+$/, '');
}
