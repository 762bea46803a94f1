/**
 * The layer rules of STYLE.md, checked in CI: dependencies point inward.
 * domain <- ports <- application <- http; adapters implement ports; apps see only the public API.
 */
const LIB = '^libs/auth/src/';
const NOT_SPEC = '(?<!\\.spec)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/: no Nest, no TypeORM, no HTTP, no I/O, no Node built-ins.',
      severity: 'error',
      from: { path: `${LIB}domain/` },
      to: { pathNot: `${LIB}domain/` },
    },
    {
      name: 'ports-see-only-domain',
      severity: 'error',
      from: { path: `${LIB}ports/` },
      to: { pathNot: [`${LIB}domain/`, `${LIB}ports/`] },
    },
    {
      name: 'application-sees-domain-and-ports',
      comment: 'Use cases never reach an adapter or the HTTP edge.',
      severity: 'error',
      from: { path: `${LIB}application/`, pathNot: '\\.spec\\.ts$' },
      to: { path: [`${LIB}adapters/`, `${LIB}http/`, `${LIB}auth\\.module`, `${LIB}auth\\.providers`, `${LIB}persistence`, `${LIB}testing/`] },
    },
    {
      name: 'http-reaches-core-through-buses',
      comment:
        'An allow-list: the edge sends commands and queries and reads their results and the domain types; ' +
        'it never calls a port, an adapter, a handler or an application service itself.',
      severity: 'error',
      from: { path: `${LIB}http/`, pathNot: '\\.spec\\.ts$' },
      to: {
        path: LIB,
        pathNot: [
          `${LIB}http/`,
          `${LIB}domain/`,
          `${LIB}application/.+\\.(command|query)\\.ts$`,
          `${LIB}application/(sign-in/sign-in-result|tokens/access-context|flows/flow-reference)\\.ts$`,
          `${LIB}peer-dependencies\\.ts$`,
        ],
      },
    },
    {
      name: 'adapters-implement-ports',
      severity: 'error',
      from: { path: `${LIB}adapters/`, pathNot: '\\.spec\\.ts$' },
      to: { path: [`${LIB}application/`, `${LIB}http/`, `${LIB}auth\\.module`, `${LIB}testing/`] },
    },
    {
      name: 'apps-use-the-public-api',
      comment: 'Apps import @stepgate/auth and @stepgate/auth/typeorm (the package entry points), never its insides.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: LIB, pathNot: [`${LIB}index\\.ts$`, `${LIB}adapters/typeorm/index\\.ts$`] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: LIB },
      to: { circular: true },
    },
    {
      name: 'shipped-code-does-not-import-tests',
      severity: 'error',
      from: { path: `${LIB}`, pathNot: ['\\.spec\\.ts$', `${LIB}testing/`] },
      to: { path: ['\\.spec\\.ts$', '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['@stepgate/source', 'import', 'require', 'node', 'default'] },
  },
};
