import type { KeycloakRealmOptions } from '../../libs/auth/src/adapters/keycloak/keycloak-realm';

const START = 'start it with `bash scripts/keycloak.sh` and export the KEYCLOAK_* lines it prints';
const NAMES = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'] as const;

/** The realm scripts/keycloak.sh serves, from the environment; throws (never skips) when it is not set. */
export function keycloakSettings(): KeycloakRealmOptions {
  const missing = NAMES.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set; Keycloak is needed: ${START}`);
  return { url: process.env.KEYCLOAK_URL!.replace(/\/+$/, ''), realm: process.env.KEYCLOAK_REALM!, clientId: process.env.KEYCLOAK_CLIENT_ID!, clientSecret: process.env.KEYCLOAK_CLIENT_SECRET! };
}

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** A call to the server; every body is read, refusals too, so no request is left holding a socket. */
export async function keycloakCall(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** Throws, naming the script, unless the realm answers. */
export async function assertRealmAnswers(settings = keycloakSettings()): Promise<void> {
  try {
    const answer = await keycloakCall(`${settings.url}/realms/${settings.realm}`);
    if (answer.status !== 200) throw new Error(`GET /realms/${settings.realm} answered ${answer.status}`);
  } catch (error) {
    throw new Error(`Keycloak realm ${settings.realm} at ${settings.url} is not answering; ${START}`, { cause: error });
  }
}

/** The password grant at the realm itself, as a client that signs in at Keycloak directly does. */
export async function realmPasswordGrant(username: string, password: string, client = { id: keycloakSettings().clientId, secret: keycloakSettings().clientSecret }) {
  const { url, realm } = keycloakSettings();
  const form = { grant_type: 'password', client_id: client.id, client_secret: client.secret, username, password, scope: 'openid' };
  const answer = await keycloakCall(`${url}/realms/${realm}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  if (answer.status !== 200) throw new Error(`the password grant of ${username} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as { access_token: string; refresh_token: string; id_token: string; session_state: string };
}

/**
 * The server's administrator (the bootstrap admin scripts/keycloak.sh creates in the master realm),
 * for what the client's service account may not do: change the client's settings.
 */
export async function masterAdmin(): Promise<(path: string, init?: RequestInit) => Promise<Answer>> {
  const { url, realm } = keycloakSettings();
  const form = { grant_type: 'password', client_id: 'admin-cli', username: process.env.KEYCLOAK_ADMIN_USERNAME ?? 'stepgate-admin', password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'stepgate-admin-password' };
  const token = await keycloakCall(`${url}/realms/master/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  if (token.status !== 200) throw new Error(`the master admin's sign-in answered ${token.status}`);
  return (path, init = {}) =>
    keycloakCall(`${url}/admin/realms/${realm}${path}`, { ...init, headers: { authorization: `Bearer ${token.body.access_token}`, 'content-type': 'application/json', ...init.headers } });
}
