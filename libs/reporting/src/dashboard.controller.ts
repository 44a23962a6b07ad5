import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiFileResponse, ApiTextResponse, CurrentActor, Roles } from '@app/access';
import { PDF_MEDIA_TYPE, PdfReplies } from '@app/documents';
import { type AuthenticatedActor, type CsvFormat, localDate, type ReportTable } from '@app/domain';
import { DashboardService } from './dashboard.service';
import {
  DashboardCsvQueryDto,
  DashboardDto,
  DashboardQueryDto,
  DistributorFunnelDto,
  ExpiryAlertDto,
  FigureDto,
  RefreshResultDto,
} from './dto/dashboard.dto';
import { ExpiryAlertsService } from './expiry-alerts.service';
import { FunnelService } from './funnel.service';
import { programmeSummaryPdf } from './programme-summary-pdf';
import { tableCsv } from './report-table';
import { ReportingRefreshService } from './reporting-refresh.service';

const TABLE_CSV = 'text/csv; charset=utf-8';
const READERS = ['operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer'] as const;

/** Tables printed in the PDF summary. */
const SUMMARY_TABLES = ['lieux', 'services', 'distributeurs', 'profils', 'departements-beneficiaires'];

@ApiTags('reporting')
@ApiExtraModels(FigureDto)
@Controller('reporting')
export class DashboardController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly alerts: ExpiryAlertsService,
    private readonly funnels: FunnelService,
    private readonly refreshes: ReportingRefreshService,
    private readonly pdfs: PdfReplies,
  ) {}

  @Get('dashboard')
  @Roles(...READERS)
  @ApiOperation({
    summary: "Dashboard of your programmes (a funder's) or of all (the operator, with places' activity and qualification), for a period",
    description:
      'Key figures, monthly series and tables (places, services, distributors, beneficiary profiles, territories) for the period and programme chosen. Cells below the statistical-secrecy threshold are hidden, with the cells that would reveal them.',
  })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentActor() actor: AuthenticatedActor, @Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.dashboards.dashboard(actor, query);
  }

  @Get('dashboard/:tableId.csv')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One table of the dashboard as CSV (UTF-8 with BOM, comma, amounts in euros; hidden cells read "secret")',
    description: 'The same figures as the dashboard table `tableId` for the same filters, with the same hidden cells. Never cached.',
  })
  @ApiTextResponse(
    'The table, one row per line then its total (UTF-8 with BOM); e.g. the communes of the beneficiaries',
    TABLE_CSV,
    'Commune,Code INSEE,Département,Personnes',
  )
  async tableCsv(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('tableId') tableId: string,
    @Query() { format, ...query }: DashboardCsvQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const table = await this.dashboards.table(actor, query, tableId);
    await this.sendCsv(reply, table, format);
  }

  private async sendCsv(reply: FastifyReply, table: ReportTable, format: CsvFormat): Promise<void> {
    await reply
      .header('content-type', TABLE_CSV)
      .header('content-disposition', `attachment; filename="${table.id}${format === 'excel-fr' ? '-excel' : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(tableCsv(table, format));
  }

  @Get('funnel')
  @Roles('distributor_agent')
  @ApiOperation({
    summary: "Your structure's usage funnel: booklets allocated, handed out, first cheque used, fully used, expired",
    description:
      'The booklets allocated to your structure and handed out in the period, and what became of them since: value used out of value handed out, median days to first use, booklets handed out 30 days ago or more and still unused; by programme, commune of hand-out and age band (the last two on whole months over, under statistical secrecy).',
  })
  @ApiOkResponse({ type: DistributorFunnelDto })
  distributorFunnel(@CurrentActor() actor: AuthenticatedActor, @Query() query: DashboardQueryDto): Promise<DistributorFunnelDto> {
    return this.funnels.forDistributor(actor, query);
  }

  @Get('funnel/:tableId.csv')
  @Roles('distributor_agent')
  @ApiOperation({
    summary: "One table of your structure's usage funnel as CSV (UTF-8 with BOM; format=excel-fr for Excel in French)",
    description: 'The same figures as the funnel table `tableId` for the same filters, with the same hidden cells. Never cached.',
  })
  @ApiTextResponse('The table, one row per line (UTF-8 with BOM)', TABLE_CSV, 'Étape,Carnets,Part des carnets remis')
  async distributorFunnelCsv(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('tableId') tableId: string,
    @Query() { format, ...query }: DashboardCsvQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const table = await this.funnels.distributorFunnelTable(actor, query, tableId);
    await this.sendCsv(reply, table, format);
  }

  @Get('programmes/:id/summary.pdf')
  @Roles(...READERS)
  @ApiOperation({
    summary: "A programme's printable summary (A4 PDF): figures, months, places, services, distributors, profiles",
    description:
      'A printable summary of one programme for the period chosen, with the same hidden cells as the dashboard. Recorded in the audit trail as a document produced.',
  })
  @ApiFileResponse('The summary (A4 PDF, French)', [PDF_MEDIA_TYPE])
  async summary(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DashboardQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.pdfs.send(
      reply,
      actor,
      { document: 'programme_summary', objectType: 'programme', objectId: id },
      async () => {
        const dashboard = await this.dashboards.dashboard(actor, { ...query, programmeId: id });
        const programme = dashboard.scope.programmes.find((candidate) => candidate.id === id)!;
        const content = await programmeSummaryPdf(dashboard, programme.name, SUMMARY_TABLES);
        return { content, filename: `synthese-${programme.code}-${localDate(new Date())}.pdf` };
      },
      { inline: true },
    );
  }

  @Get('expiry-alerts')
  @Roles(...READERS, 'distributor_agent')
  @ApiOperation({
    summary: 'Programmes ending within 30 days: booklets to hand out, cheques handed out but unused (a distributor: those it holds)',
    description:
      'For each programme ending within 30 days: its end, the booklets not handed out and the cheques handed out but unused. A distributor sees only the booklets it holds.',
  })
  @ApiOkResponse({ type: [ExpiryAlertDto] })
  expiryAlerts(@CurrentActor() actor: AuthenticatedActor): Promise<ExpiryAlertDto[]> {
    return actor.organisationKind === 'distributor' ? this.alerts.forDistributor(actor) : this.alerts.forFundersAndOperator(actor);
  }

  @Post('refresh')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Recompute the reporting figures from the raw tables now (they are otherwise recomputed every few minutes)',
    description:
      'Runs the refresh at once and answers when it is done with `refreshedAt`; `ran` is false (and `refreshedAt` null) when another refresh was already running.',
  })
  @ApiOkResponse({ type: RefreshResultDto })
  async refresh(): Promise<RefreshResultDto> {
    const run = await this.refreshes.refresh();
    return { ran: run.ran, refreshedAt: run.refreshedAt?.toISOString() ?? null };
  }
}
