import { generateKeyPairSync } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import { createDemoApp, HttpPlatform } from '../../../apps/demo/src/create-demo-app';
import type { DemoConfig } from '../../../apps/demo/src/demo-config';
import { keycloakSettings } from '../../support/keycloak-server';

/** One key for the whole test process: generating EC keys is cheap, but tokens must verify across apps when a test wants that. */
export const TEST_SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

export interface DemoUnderTest {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The demo's configuration in tests: an embedded SQLite database, in-memory stores, the test key,
 * and (in `npm run test:keycloak`) the realm checking the passwords.
 */
export function demoTestConfig(overrides: Partial<DemoConfig> = {}): DemoConfig {
  return {
    port: 0,
    databaseUrl: 'sqlite::memory:',
    mode: 'stateful',
    seed: true,
    signingKeyFile: '/nonexistent',
    signingKeyPem: TEST_SIGNING_KEY,
    signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 1000 } },
    // Many suites compare the two modes side by side; track-session.opt-out checks the default.
    allowStatelessSignIns: true,
    // `npm run test:keycloak` runs the same suites with Keycloak checking the passwords.
    ...(onKeycloak() ? { keycloak: keycloakSettings() } : {}),
    ...overrides,
  };
}

/** Boots the demo on an embedded SQLite database and in-memory stores, listening on an ephemeral port. */
export async function startDemo(overrides: Partial<DemoConfig> & { platform?: HttpPlatform; logger?: LoggerService } = {}): Promise<DemoUnderTest> {
  const { platform = 'express', logger = false, ...config } = overrides;
  const app = await createDemoApp(
    demoTestConfig(config),
    { platform, logger },
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, http: request(url), close: () => app.close() };
}

/** True in the `keycloak` test project: the demo under test signs in through the realm. */
export const onKeycloak = () => process.env.STEPGATE_TEST_IDENTITY === 'keycloak';

/**
 * The permits alice's groups (staff, editor) give, in the order the provider lists them: the local
 * directory keeps the order they were given in, the realm sorts group names. The contract
 * (DESIGN.md section 4) names the groups, not an order, so each run expects its provider's.
 */
export const alicePermits = (): string[] => (onKeycloak() ? ['editor', 'staff'] : ['staff', 'editor']);

export const DEMO_PASSWORDS = { alice: 'alice-demo-password', bob: 'bob-demo-password', carol: 'carol-demo-password', admin: 'admin-demo-password' } as const;

/** Signs a demo user in and returns the token response body. */
export async function signIn(demo: DemoUnderTest, username: keyof typeof DEMO_PASSWORDS, extra: Record<string, unknown> = {}) {
  const response = await demo.http.post('/auth/login').send({ username, password: DEMO_PASSWORDS[username], ...extra });
  if (response.status !== 200) throw new Error(`sign-in of ${username} answered ${response.status}: ${response.text}`);
  return response.body as { access_token: string; refresh_token: string; session_id: string; expires_in: number; user: { id: string; username: string; permits: string[] } };
}
