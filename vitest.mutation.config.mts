import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import workspace from './vitest.config.mts';

// Stryker runs the unit specs only: the integration project needs servers, and the e2e specs each
// boot a whole app, which put a full run at about four hours on two cores. Every file under test
// has its unit specs beside it; what the e2e specs would kill besides is not counted, so the score
// is a lower bound.
const unit = workspace.test?.projects?.find(
  (project) => typeof project === 'object' && 'test' in project && project.test?.name === 'unit',
);
if (!unit || typeof unit !== 'object') throw new Error('vitest.config.mts has no "unit" project');

// Stryker runs the tests in a copy of the project, but node_modules/@stepgate/auth still links to
// the original sources. Without these aliases a spec that imports the package (the e2e specs, the
// demo, the shared PinStep) would load the unmutated original beside the mutated copy: mutants it
// should kill survive, and errors from the two copies fail each other's instanceof checks.
const source = (path: string) => fileURLToPath(new URL(`./libs/auth/src/${path}`, import.meta.url));
const alias = [
  { find: /^@stepgate\/auth\/typeorm$/, replacement: source('adapters/typeorm/index.ts') },
  { find: /^@stepgate\/auth\/testing$/, replacement: source('testing/index.ts') },
  { find: /^@stepgate\/auth$/, replacement: source('index.ts') },
];

export default defineConfig({ ...unit, resolve: { ...unit.resolve, alias }, test: { ...unit.test, name: undefined, include: ['libs/**/*.spec.ts'] } } as never);
