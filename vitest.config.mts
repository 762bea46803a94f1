import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

// `@stepgate/auth` resolves through its package.json `exports`, as in any app; the
// "@stepgate/source" condition picks the TypeScript sources, so tests need no build first.
const conditions = ['@stepgate/source', ...defaultServerConditions];

/** The e2e suites that run a second time on Keycloak (`npm run test:keycloak`). */
const KEYCLOAK_E2E = [
  'test/e2e/auth-login.e2e-spec.ts',
  'test/e2e/demo.step-up.e2e-spec.ts',
  'test/e2e/documents.e2e-spec.ts',
  'test/e2e/identity-attributes.e2e-spec.ts',
  'test/e2e/mfa.e2e-spec.ts',
  'test/e2e/refresh.e2e-spec.ts',
  'test/e2e/sessions.e2e-spec.ts',
  'test/e2e/sign-in-flow.account-gone.e2e-spec.ts',
  'test/e2e/sign-in-flow.e2e-spec.ts',
  'test/e2e/sign-in-flow.long-user-agent.e2e-spec.ts',
  'test/e2e/sign-in-flow.refusals.e2e-spec.ts',
  'test/e2e/smoke.e2e-spec.ts',
  'test/e2e/tokens-and-jwks.e2e-spec.ts',
  'test/e2e/users-and-rbac.e2e-spec.ts',
  'test/e2e/users-onboarding.e2e-spec.ts',
  'test/e2e/security/access-token.claims-strictness.e2e-spec.ts',
  'test/e2e/security/access-token.forgery.e2e-spec.ts',
  'test/e2e/security/access-token.signature-malleability.e2e-spec.ts',
  'test/e2e/security/change-password.throttling.e2e-spec.ts',
  'test/e2e/security/errors.no-leak.e2e-spec.ts',
  'test/e2e/security/flow.later-step-guessing-across-flows.e2e-spec.ts',
  'test/e2e/security/flow.parallel-completion.e2e-spec.ts',
  'test/e2e/security/flow.pre-auth-token-oversize.e2e-spec.ts',
  'test/e2e/security/flow.pre-auth-token-tampering.e2e-spec.ts',
  'test/e2e/security/login.client-throttle-parallel.e2e-spec.ts',
  'test/e2e/security/login.enumeration.e2e-spec.ts',
  'test/e2e/security/login.throttling.e2e-spec.ts',
  'test/e2e/security/login.username-normalisation.e2e-spec.ts',
  'test/e2e/security/logout.kills-access-tokens.e2e-spec.ts',
  'test/e2e/security/refresh.parallel-rotation.e2e-spec.ts',
  'test/e2e/security/refresh.reuse-detection.e2e-spec.ts',
  'test/e2e/security/session.logout-refresh-race.e2e-spec.ts',
  'test/e2e/security/tokens.no-store.e2e-spec.ts',
  'test/e2e/security/track-session.opt-out.e2e-spec.ts',
];

// SWC compiles the decorators with metadata that Nest's dependency injection reads.
const shared = {
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          globals: true,
          include: ['libs/**/*.spec.ts', 'test/e2e/**/*.e2e-spec.ts'],
          testTimeout: 20_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          globals: true,
          include: ['test/integration/**/*.int-spec.ts'],
          testTimeout: 30_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          // The demo's e2e suites again, with the demo on the realm scripts/keycloak.sh serves
          // (KEYCLOAK_* set): every flow must behave the same whichever provider checks passwords.
          name: 'keycloak',
          globals: true,
          include: KEYCLOAK_E2E,
          testTimeout: 30_000,
          fileParallelism: false,
          env: { STEPGATE_TEST_IDENTITY: 'keycloak' },
        },
      },
    ],
  },
});
