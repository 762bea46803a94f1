import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@stepgate/auth';
import { ExportReportCommand } from './export-report.command';
import { type ReportExport, ReportExports } from './report-exports';

@CommandHandler(ExportReportCommand)
export class ExportReportHandler implements ICommandHandler<ExportReportCommand, ReportExport> {
  constructor(
    private readonly exports: ReportExports,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, report }: ExportReportCommand): Promise<ReportExport> {
    const entry: ReportExport = { id: randomUUID(), report, exported_at: this.clock.now().toISOString() };
    this.exports.record(userId, entry);
    return entry;
  }
}
