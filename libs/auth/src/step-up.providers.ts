import { StepUpSettings } from './application/step-up/step-up-settings';
import type { StepUpOptions } from './step-up-options';

/** The `stepUp` option with its defaults; a start-up error for a value that cannot work. */
export function stepUpSettingsOf(options: StepUpOptions = {}): StepUpSettings {
  const settings = new StepUpSettings({
    maxAgeSeconds: options.maxAgeSeconds ?? 300,
    operationTtlSeconds: options.operationTtlSeconds ?? 600,
    challengeStatus: options.challengeStatus ?? 403,
    maxPendingPerSession: options.maxPendingPerSession ?? 30,
  });
  for (const name of ['maxAgeSeconds', 'operationTtlSeconds', 'maxPendingPerSession'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1) throw new Error(`stepUp.${name} must be a positive integer, not ${settings[name]}`);
  }
  if (settings.challengeStatus !== 401 && settings.challengeStatus !== 403) throw new Error(`stepUp.challengeStatus must be 401 or 403, not ${String(settings.challengeStatus)}`);
  return settings;
}
