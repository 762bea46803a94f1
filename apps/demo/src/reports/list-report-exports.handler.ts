import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListReportExportsQuery } from './list-report-exports.query';
import { type ReportExport, ReportExports } from './report-exports';

@QueryHandler(ListReportExportsQuery)
export class ListReportExportsHandler implements IQueryHandler<ListReportExportsQuery, readonly ReportExport[]> {
  constructor(private readonly exports: ReportExports) {}

  async execute({ userId }: ListReportExportsQuery): Promise<readonly ReportExport[]> {
    return this.exports.of(userId);
  }
}
