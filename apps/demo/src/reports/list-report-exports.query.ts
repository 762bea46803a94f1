import { Query } from '@nestjs/cqrs';
import type { ReportExport } from './report-exports';

/** The exports of `userId`, oldest first. */
export class ListReportExportsQuery extends Query<readonly ReportExport[]> {
  constructor(readonly userId: string) {
    super();
  }
}
