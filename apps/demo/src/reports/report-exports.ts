import { Injectable } from '@nestjs/common';

/** The reports the demo can export. */
export const REPORT_NAMES = ['transactions', 'balances'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * One export as the client sees it (snake_case, as the wire is): the resumed command's answer is
 * what `GET /auth/operations/:id` shows as `result`, so it has the wire's shape from the start.
 */
export interface ReportExport {
  readonly id: string;
  readonly report: ReportName;
  readonly exported_at: string;
}

/** Exports kept per user, the newest last; older ones are dropped so the list stays bounded. */
export const MAX_EXPORTS_PER_USER = 100;

/**
 * The demo's record of exports, in this process's memory: it stands in for the app's own table, so
 * it is empty after a restart and, with several instances, held by whichever one ran the export.
 */
@Injectable()
export class ReportExports {
  private readonly byUser = new Map<string, ReportExport[]>();

  record(userId: string, entry: ReportExport): void {
    const entries = this.byUser.get(userId) ?? [];
    entries.push(entry);
    if (entries.length > MAX_EXPORTS_PER_USER) entries.splice(0, entries.length - MAX_EXPORTS_PER_USER);
    this.byUser.set(userId, entries);
  }

  of(userId: string): readonly ReportExport[] {
    return [...(this.byUser.get(userId) ?? [])];
  }
}
