// Every admin call needs a service-account token. Fetched per call, a burst of list requests would
// cost Keycloak a grant each; kept past its expiry, every call would fail; and a token Keycloak
// stops taking (a restart, a key rotation) must heal on the next call, not wait out its lifetime.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { KeycloakUnavailableError, type KeycloakAnswer, type KeycloakCall } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';
import { KeycloakServiceAccount, KeycloakServiceAccountError } from './keycloak-service-account';

const realm = () => new KeycloakRealm({ url: 'http://keycloak.test', realm: 'test', clientId: 'stepgate-api', clientSecret: 'the-secret' });

const tokenFor = (n: number) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: `sa-${n}` })).toString('base64url')}.sig`;
const answer = (status: number, body?: unknown): KeycloakAnswer => ({ status, body, headers: new Headers() });

/** A realm whose token endpoint hands out numbered tokens and whose admin API answers `admin`. */
function stubbed(admin: (bearer: string | undefined, url: string) => KeycloakAnswer, grant: () => KeycloakAnswer | Promise<KeycloakAnswer> = () => answer(200, { access_token: '', expires_in: 300 })) {
  const kc = realm();
  const calls = { grants: 0, admin: [] as { url: string; bearer?: string }[] };
  vi.spyOn(kc.http, 'call').mockImplementation(async (url: string, call: KeycloakCall = {}) => {
    if (url === kc.tokenEndpoint) {
      calls.grants++;
      expect(call.form).toEqual({ grant_type: 'client_credentials', client_id: 'stepgate-api', client_secret: 'the-secret' });
      const granted = await grant();
      const body = granted.body as { access_token?: string } | undefined;
      return body?.access_token === '' ? answer(granted.status, { ...body, access_token: tokenFor(calls.grants) }) : granted;
    }
    calls.admin.push({ url, bearer: call.bearer });
    return admin(call.bearer, url);
  });
  return { kc, calls };
}

afterEach(() => vi.restoreAllMocks());

describe('KeycloakServiceAccount', () => {
  it('asks for one token for many calls, in sequence and in parallel (single flight)', async () => {
    const { kc, calls } = stubbed(() => answer(200, []));
    const account = new KeycloakServiceAccount(kc);
    await Promise.all(Array.from({ length: 5 }, () => account.admin('/users', { role: 'view-users' })));
    await account.admin('/users/count', { role: 'view-users' });
    expect(calls.grants).toBe(1);
    expect(calls.admin.map((call) => call.bearer)).toEqual(Array(6).fill(tokenFor(1)));
    expect(calls.admin[5].url).toBe('http://keycloak.test/admin/realms/test/users/count');
  });

  it('renews the token 30 s before it expires, and a short-lived one at half its lifetime', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    let lifetime = 300;
    const { kc, calls } = stubbed(
      () => answer(200, []),
      () => answer(200, { access_token: '', expires_in: lifetime }),
    );
    const account = new KeycloakServiceAccount(kc, { now: () => new Date(now) });
    await account.admin('/users', { role: 'view-users' });
    now += 269_000;
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(1);
    now += 2_000;
    lifetime = 20;
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(2);
    now += 9_000;
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(2);
    now += 2_000;
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(3);
  });

  it('drops a token the admin API refuses with 401 and retries once with a new one', async () => {
    const { kc, calls } = stubbed((bearer) => (bearer === tokenFor(1) ? answer(401) : answer(200, ['ok'])));
    const account = new KeycloakServiceAccount(kc);
    expect((await account.admin('/users', { role: 'view-users' })).body).toEqual(['ok']);
    expect(calls.admin.map((call) => call.bearer)).toEqual([tokenFor(1), tokenFor(2)]);
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(2);
  });

  it('gives up after the fresh token is refused too, with a misconfiguration error', async () => {
    const { kc, calls } = stubbed(() => answer(401));
    const error = await rejectionOf(new KeycloakServiceAccount(kc).admin('/users', { role: 'view-users' }), KeycloakServiceAccountError);
    expect(error.message).toMatch(/fresh service-account token of client stepgate-api/);
    expect(calls.admin).toHaveLength(2);
  });

  it('names the realm-management role a 403 says is missing', async () => {
    const { kc } = stubbed(() => answer(403, { error: 'HTTP 403 Forbidden' }));
    const error = await rejectionOf(new KeycloakServiceAccount(kc).admin('/users', { role: 'manage-users', method: 'POST', json: {} }), KeycloakServiceAccountError);
    expect(error.message).toMatch(/lacks the realm-management role manage-users in realm test/);
    expect(error.message).toMatch(/Clients > stepgate-api > Service account roles/);
  });

  it('does not keep a failed grant: the next call asks again', async () => {
    let down = true;
    const { kc, calls } = stubbed(
      () => answer(200, []),
      () => {
        if (down) throw new KeycloakUnavailableError(5, new Error('connection refused'));
        return answer(200, { access_token: '', expires_in: 300 });
      },
    );
    const account = new KeycloakServiceAccount(kc);
    await rejectionOf(account.admin('/users', { role: 'view-users' }), KeycloakUnavailableError);
    down = false;
    await account.admin('/users', { role: 'view-users' });
    expect(calls.grants).toBe(2);
  });

  it('reports refused client credentials as a misconfiguration naming the setting, never the secret', async () => {
    const { kc } = stubbed(
      () => answer(200, []),
      () => answer(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' }),
    );
    const error = await rejectionOf(new KeycloakServiceAccount(kc).admin('/users', { role: 'view-users' }), KeycloakServiceAccountError);
    expect(error.message).toMatch(/invalid_client.*KEYCLOAK_CLIENT_SECRET/);
    expect(error.message).not.toContain('the-secret');
  });

  it('reads a token answer without expires_in as Keycloak misbehaving (503)', async () => {
    const { kc } = stubbed(
      () => answer(200, []),
      () => answer(200, { access_token: 'x' }),
    );
    await rejectionOf(new KeycloakServiceAccount(kc).admin('/users', { role: 'view-users' }), KeycloakUnavailableError);
  });

  it('knows its own user id from the token', async () => {
    const { kc } = stubbed(() => answer(200, []));
    expect(await new KeycloakServiceAccount(kc).userId()).toBe('sa-1');
  });
});
