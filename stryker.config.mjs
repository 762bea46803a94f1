// Mutation testing of the security-critical files (`npm run test:mutation`, not in CI: it takes
// most of an hour on two cores). The score and every surviving mutant's explanation are in
// docs/mutation-testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/auth/src/domain/refresh-token.ts',
    'libs/auth/src/domain/auth-session.ts',
    'libs/auth/src/adapters/memory/memory-refresh-token.repository.ts',
    'libs/auth/src/application/tokens/authenticate-access-token.handler.ts',
    'libs/auth/src/application/sign-in/sign-in-throttle.ts',
    'libs/auth/src/adapters/jwt/jwt-access-token.issuer.ts',
    'libs/auth/src/adapters/jwt/jwt-access-token.verifier.ts',
    'libs/auth/src/application/flows/sign-in-engine.ts',
    'libs/auth/src/adapters/jose/jose-pre-auth-token.codec.ts',
    // What those files delegate their checks to since they were split.
    'libs/auth/src/adapters/jwt/own-access-claims.ts',
    'libs/auth/src/adapters/jwt/canonical-signature.ts',
    'libs/auth/src/adapters/jwt/jwt-key-ring.ts',
    'libs/auth/src/application/flows/later-step-throttle.ts',
    'libs/auth/src/application/sign-in/attempt-reservations.ts',
    'libs/auth/src/adapters/jose/pre-auth-token.payload.ts',
    'libs/auth/src/adapters/jwt/compact-jws.ts',
  ],
  ignorePatterns: ['.cache', 'data', 'dist', '**/dist', 'coverage', 'reports', '.ci/out'],
  concurrency: 2,
  timeoutMS: 30_000,
  // The first run collects per-test coverage of every spec, e2e included: minutes on two busy cores.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: '.cache/stryker/incremental.json',
  tempDirName: '.cache/stryker/tmp',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  clearTextReporter: { logTests: false },
  jsonReporter: { fileName: '.cache/stryker/report.json' },
  htmlReporter: { fileName: '.cache/stryker/report.html' },
  thresholds: { high: 95, low: 90, break: 90 },
};
