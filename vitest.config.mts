import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// SWC compiles the decorators with metadata that Nest's dependency injection reads.
const shared = {
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@stepgate/auth/testing': root('./libs/auth/src/testing/index.ts'),
      '@stepgate/auth': root('./libs/auth/src/index.ts'),
    },
  },
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
