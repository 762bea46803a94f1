import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, type Identity, NoStore, VerifyElevation } from '@stepgate/auth';
import { ApiDemoProblems, ApiStepUp } from '../openapi';
import { ExportReportCommand } from './export-report.command';
import { ListReportExportsQuery } from './list-report-exports.query';
import { ExportReportDto, ReportExportDto, ReportExportListDto } from './report-export.dto';

/**
 * Step-up, resumable: the 403 carries `resumable: true`, the module keeps the command built below,
 * runs it once the code is validated, and the client reads the export from
 * `GET /auth/operations/{operation_id}` instead of retrying.
 */
@ApiTags('demo')
@ApiBearerAuth()
@NoStore()
@Controller('demo/reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('export')
  @HttpCode(HttpStatus.CREATED)
  @VerifyElevation('export_report', {
    resumable: true,
    command: { type: ExportReportCommand, body: ExportReportDto, build: ({ body, identity }) => new ExportReportCommand(identity.userId, body.report) },
  })
  @ApiOperation({
    summary: 'Export a report, behind a step-up elevation for export_report; resumable: after the code, read the export from GET /auth/operations/{operation_id}',
  })
  @ApiCreatedResponse({ type: ReportExportDto, description: 'The export, when the request is let through at once rather than kept for after a step-up' })
  @ApiStepUp('export_report', { resumable: true })
  @ApiDemoProblems({}, { body: true })
  // With these options every caller is asked to step up and the command runs after the code; this
  // body would run only for a caller let through at once, and then records the same export.
  async export(@Body() body: ExportReportDto, @CurrentIdentity() identity: Identity): Promise<ReportExportDto> {
    return this.commands.execute(new ExportReportCommand(identity.userId, body.report));
  }

  @Get('exports')
  @ApiOperation({ summary: 'Your report exports' })
  @ApiOkResponse({ type: ReportExportListDto })
  @ApiDemoProblems({})
  async exports(@CurrentIdentity() identity: Identity): Promise<ReportExportListDto> {
    return { items: [...(await this.queries.execute(new ListReportExportsQuery(identity.userId)))] };
  }
}
