import { correlationIdCases } from './correlation-id.cases';
import { guardedAuthRouteCases } from './guarded-auth-routes.cases';
import { isolationCases } from './isolation.cases';
import { raceCases } from './races.cases';
import { resumeCases } from './resume.cases';
import { retryLoopCases } from './retry-loop.cases';
import { routeOptionCases } from './route-options.cases';
import type { StepUpTestAppOptions } from './test-app.types';

/**
 * The step-up loop of DESIGN.md section 4 over HTTP, on the stores `options` name: a sensitive route
 * answers MFA_REQUIRED, a code validated with its operation id elevates that caller for that
 * operation only, and the retried request passes (or, for a resumable route, the module runs the
 * command once and the client reads the result). Each case is named for what it stops.
 */
export function stepUpCases(options: StepUpTestAppOptions): void {
  retryLoopCases(options);
  isolationCases(options);
  correlationIdCases(options);
  raceCases(options);
  routeOptionCases(options);
  resumeCases(options);
  guardedAuthRouteCases(options);
}
