import { defineConfig } from 'vitest/config';
import workspace from './vitest.config.mts';

// Stryker runs the unit project only: the integration project needs servers, and every
// mutant of the files under test is reachable from the unit and e2e specs.
const unit = workspace.test?.projects?.find(
  (project) => typeof project === 'object' && 'test' in project && project.test?.name === 'unit',
);
if (!unit || typeof unit !== 'object') throw new Error('vitest.config.mts has no "unit" project');

export default defineConfig({ ...unit, test: { ...unit.test, name: undefined } } as never);
