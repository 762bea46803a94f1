import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiClosedBody } from '../openapi';
import { MAX_EXPORTS_PER_USER, REPORT_NAMES, type ReportName } from './report-exports';

@ApiClosedBody()
export class ExportReportDto {
  @ApiProperty({ enum: REPORT_NAMES, example: 'transactions', description: `The report to export: ${REPORT_NAMES.join(' or ')}.` })
  @IsIn(REPORT_NAMES, { message: `report must be one of ${REPORT_NAMES.join(', ')}` })
  report: ReportName;
}

export class ReportExportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_NAMES, example: 'transactions' }) report: ReportName;
  @ApiProperty({ format: 'date-time' }) exported_at: string;
}

export class ReportExportListDto {
  @ApiProperty({ type: [ReportExportDto], maxItems: MAX_EXPORTS_PER_USER, description: `Your exports, oldest first (the latest ${MAX_EXPORTS_PER_USER}).` }) items: ReportExportDto[];
}
