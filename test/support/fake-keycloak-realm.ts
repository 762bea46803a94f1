import { constants, generateKeyPairSync, type JsonWebKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { withLowS } from '../../libs/auth/src/adapters/jwt/canonical-signature';
import { KeycloakRealm } from '../../libs/auth/src/adapters/keycloak/keycloak-realm';

/**
 * How an endpoint answers: as Keycloak does; 503, as a restarting server does; never, as a stuck
 * one does (the caller's time-out decides); or with a body that is not JSON, as a misrouted proxy does.
 */
export type FakeRealmMode = 'serve' | 'fail' | 'hang' | 'garbage';

export type FakeRealmAlgorithm = 'RS256' | 'PS256' | 'ES256';

/** A key pair the fake realm signs with, and the public JWK it publishes for it. */
export interface FakeRealmKey {
  readonly kid: string;
  readonly alg: FakeRealmAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: JsonWebKey & { kid: string };
}

/** The clock the specs drive: keys and tokens are judged at `msAfterT0(ms)`, never at the real time. */
export const T0 = new Date('2026-12-01T08:00:00Z');
export const msAfterT0 = (ms: number) => new Date(T0.getTime() + ms);

export const FAKE_CLIENT = { id: 'stepgate-api', secret: 'stepgate-api-test-secret' } as const;

/** A new key pair; RSA keys are 2048-bit, the least a realm key may be. */
export function fakeRealmKey(alg: FakeRealmAlgorithm = 'RS256', kid = `kid-${randomUUID()}`): FakeRealmKey {
  const { privateKey, publicKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

/** A compact JWS of `payload` under `header`, signed by `key` as Keycloak signs (ES256 in low-S form). */
export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, key: FakeRealmKey): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const options =
    key.alg === 'ES256'
      ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' as const }
      : key.alg === 'PS256'
        ? { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : key.privateKey;
  return withLowS(`${input}.${sign('sha256', Buffer.from(input), options).toString('base64url')}`, key.alg);
}

export const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A Keycloak realm on 127.0.0.1 and a free port, serving `.../certs` and `.../token/introspect`
 * from keys made here. Each endpoint can be switched to fail, hang or answer garbage, and counts its
 * requests, so a spec can tell an answer from memory from one that asked the realm.
 */
export class FakeKeycloakRealm {
  /** The keys `.../certs` publishes; the first one signs. */
  published: FakeRealmKey[];
  /** Other JWKs published beside them, e.g. an encryption key. */
  extraJwks: Record<string, unknown>[] = [];
  /** When set, `.../certs` answers this JSON instead of the keys. */
  certsBody: unknown;
  readonly mode: { certs: FakeRealmMode; introspection: FakeRealmMode } = { certs: 'serve', introspection: 'serve' };
  readonly requests = { certs: 0, introspection: 0 };
  /** Tokens introspection reports inactive, as after a logout in Keycloak. */
  readonly revoked = new Set<string>();
  private readonly server = createServer((request, response) => void this.answer(request, response));

  private constructor(
    readonly name: string,
    key: FakeRealmKey,
  ) {
    this.published = [key];
  }

  /** Starts a realm whose first key signs with `alg`. */
  static async start(name = 'test', alg: FakeRealmAlgorithm = 'RS256'): Promise<FakeKeycloakRealm> {
    const realm = new FakeKeycloakRealm(name, fakeRealmKey(alg));
    await new Promise<void>((resolve) => realm.server.listen(0, '127.0.0.1', resolve));
    return realm;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get issuer(): string {
    return `${this.url}/realms/${this.name}`;
  }

  get signingKey(): FakeRealmKey {
    return this.published[0];
  }

  /** The `KeycloakRealm` the code under test is configured with; a short time-out keeps 'hang' quick. */
  realm(timeoutMs = 300): KeycloakRealm {
    return new KeycloakRealm({ url: this.url, realm: this.name, clientId: FAKE_CLIENT.id, clientSecret: FAKE_CLIENT.secret, timeoutMs, retryAfterSeconds: 7 });
  }

  /** Replaces the signing key by a new one, keeping the old one published only when told. */
  rotate(keepOld = false, alg: FakeRealmAlgorithm = this.signingKey.alg): FakeRealmKey {
    const key = fakeRealmKey(alg);
    this.published = keepOld ? [key, ...this.published] : [key];
    return key;
  }

  /** An access token as Keycloak issues one for alice through `stepgate-api`, with `claims` laid over it. */
  accessToken(now: Date, claims: Record<string, unknown> = {}, key: FakeRealmKey = this.signingKey): string {
    return signJws({ alg: key.alg, typ: 'JWT', kid: key.kid }, { ...this.accessClaims(now), ...claims }, key);
  }

  accessClaims(now: Date): Record<string, unknown> {
    const iat = Math.floor(now.getTime() / 1000);
    return {
      exp: iat + 300,
      iat,
      jti: `onrtro:${randomUUID()}`,
      iss: this.issuer,
      aud: [FAKE_CLIENT.id, 'account'],
      sub: 'user-alice',
      typ: 'Bearer',
      azp: FAKE_CLIENT.id,
      sid: 'session-alice',
      acr: '1',
      realm_access: { roles: [`default-roles-${this.name}`, 'offline_access', 'uma_authorization'] },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      scope: 'openid email profile',
      groups: ['editor', 'staff'],
      preferred_username: 'alice',
      email: 'alice@example.com',
      department: 'research',
    };
  }

  async close(): Promise<void> {
    // Hung requests hold their sockets until told otherwise.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const base = `/realms/${this.name}/protocol/openid-connect`;
    if (request.method === 'GET' && request.url === `${base}/certs`) {
      this.requests.certs++;
      return this.send(response, this.mode.certs, () => [200, this.certsBody ?? { keys: [...this.published.map((key) => key.jwk), ...this.extraJwks] }]);
    }
    if (request.method === 'POST' && request.url === `${base}/token/introspect`) {
      this.requests.introspection++;
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      return this.send(response, this.mode.introspection, () =>
        form.get('client_id') !== FAKE_CLIENT.id || form.get('client_secret') !== FAKE_CLIENT.secret
          ? [401, { error: 'invalid_client' }]
          : [200, { active: !this.revoked.has(form.get('token') ?? '') }],
      );
    }
    this.send(response, 'serve', () => [404, { error: 'not_found' }]);
  }

  private send(response: ServerResponse, mode: FakeRealmMode, body: () => [number, unknown]): void {
    if (mode === 'hang') return;
    if (mode === 'fail') return void response.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    if (mode === 'garbage') return void response.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
    const [status, json] = body();
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  }
}

/**
 * A fresh fake realm for each test of the calling suite, closed after it, so no test sees another's
 * keys, modes or request counts; `setUp` builds what the test needs from it.
 *
 * @example
 * let keys: RealmKeys;
 * fakeRealmPerTest((fake) => (keys = new RealmKeys(fake.realm())));
 */
export function fakeRealmPerTest(setUp: (fake: FakeKeycloakRealm) => void): void {
  let started: FakeKeycloakRealm | undefined;
  beforeEach(async () => {
    started = await FakeKeycloakRealm.start();
    setUp(started);
  });
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });
}
