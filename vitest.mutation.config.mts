import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import workspace from './vitest.config.mts';

// Stryker runs the unit project only: the integration project needs servers, and every
// mutant of the files under test is reachable from the unit and e2e specs.
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

export default defineConfig({ ...unit, resolve: { ...unit.resolve, alias }, test: { ...unit.test, name: undefined } } as never);
