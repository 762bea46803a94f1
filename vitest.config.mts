import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

// `@stepgate/auth` resolves through its package.json `exports`, as in any app; the
// "@stepgate/source" condition picks the TypeScript sources, so tests need no build first.
const conditions = ['@stepgate/source', ...defaultServerConditions];

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
    ],
  },
});
