import { Command } from '@nestjs/cqrs';
import type { ReportExport, ReportName } from './report-exports';

/**
 * Exports `report` for `userId`. Over HTTP it is the command of the resumable
 * `@VerifyElevation('export_report')` route: the module keeps it while the caller steps up and then
 * runs it once, so its fields are plain JSON values.
 */
export class ExportReportCommand extends Command<ReportExport> {
  constructor(
    readonly userId: string,
    readonly report: ReportName,
  ) {
    super();
  }
}
