import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, ApiTextResponse, CurrentActor, Roles, Scopes } from '@app/access';
import { type AuthenticatedActor, centsToDecimal, csvFile } from '@app/domain';
import {
  OfflineBundleDto,
  OfflineBundleQueryDto,
  RedeemDto,
  RedemptionDto,
  RedemptionPageDto,
  RedemptionQueryDto,
  SyncDto,
  SyncResultsDto,
  UndoDto,
  VerifyAnswerDto,
  VerifyDto,
} from './dto/redemption.dto';
import { OfflineService } from './offline.service';
import { RedemptionHistoryService } from './redemption-history.service';
import { type RefusalBody, RedemptionService } from './redemption.service';

const READERS = ['place_agent', 'operator_admin', 'operator_reviewer'] as const;

/**
 * An offline queue in one request (an integrator's may not batch like the web scanner does): up to
 * OFFLINE_MAX_CHEQUES (1,000 at most) cheques of up to 2,000 characters each, with their items.
 */
const EXPORT_CSV = 'text/csv; charset=utf-8';
const EXPORT_COLUMNS = [
  'date',
  'lieu',
  'service',
  'cheques',
  'montant_euros',
  'canal',
  'codes_masques',
  'annule_le',
  'rembourse',
  'id',
] as const;

const SYNC_BODY = { types: ['application/json'], maxBytes: 3 * 1024 * 1024 } as const;

@ApiTags('redemption')
@Controller('redemptions')
export class RedemptionsController {
  constructor(
    private readonly redemptions: RedemptionService,
    private readonly history: RedemptionHistoryService,
    private readonly offline: OfflineService,
  ) {}

  @Post('verify')
  @HttpCode(200)
  @Roles('place_agent')
  @Scopes('redemptions:write')
  @UseGuards(ThrottlerGuard)
  @Throttle({ 'per-ip': { limit: 600, ttl: 60_000 }, 'per-agent': { limit: 120, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Can this cheque (scanned QR or typed code) be redeemed here and now? If not, a stable code and a plain-French reason',
    description:
      "Checks the signature, the programme's validity and territory, the place's qualification and the service without redeeming anything, and lists the services of the place the cheque can pay for. Limited per agent and per address.",
  })
  @ApiOkResponse({ type: VerifyAnswerDto })
  @ApiTooManyRequestsResponse({ description: 'Too many checks from this agent or address' })
  async verify(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() body: VerifyDto,
    @Req() request: FastifyRequest,
  ): Promise<VerifyAnswerDto> {
    return this.redemptions.verify(actor, body, request.ip);
  }

  @Post()
  @Roles('place_agent')
  @Scopes('redemptions:write')
  @ApiOperation({
    summary: 'Redeem cheques for one service of your place: all or none. Same Idempotency-Key and body: the first answer again',
    description:
      "Redeems every cheque given for the service chosen, in one transaction, or none of them: a refusal (409 cheques_refused) gives each cheque's verdict. Requires an Idempotency-Key: retrying with the same key and body returns the first answer (header Idempotent-Replayed), with another body 422 idempotency_mismatch.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A new unique value (e.g. a UUID) per redemption attempt' })
  @ApiCreatedResponse({
    type: RedemptionDto,
    description:
      'The redemption (a retry with the same key and body gets the same answer again, with the header Idempotent-Replayed: true)',
  })
  @ApiConflictResponse({ description: 'Refused (details.code "cheques_refused", each cheque with its reason), or the key is in progress' })
  @ApiUnprocessableEntityResponse({ description: 'The key was used with another request' })
  async redeem(
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RedeemDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedemptionDto | RefusalBody> {
    const answer = await this.redemptions.redeem(actor, key, { cheques: body.cheques, serviceId: body.serviceId }, request.ip);
    void reply.status(answer.status);
    if (answer.replayed) void reply.header('idempotent-replayed', 'true');
    return answer.body;
  }

  @Get()
  @Roles(...READERS)
  @Scopes('redemptions:read')
  @ApiOperation({
    summary: "Your places' redemptions (every place's for the operator), newest first, with totals",
    description:
      'Paginated, filtered by place, service, days (Paris time) and whether undone ones are included, with the totals of the whole selection (redemptions, cheques, amount).',
  })
  @ApiOkResponse({ type: RedemptionPageDto })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: RedemptionQueryDto): Promise<RedemptionPageDto> {
    return this.history.list(actor, query, { page: query.page, pageSize: query.pageSize, cursor: query.cursor });
  }

  @Get('export.csv')
  @Roles(...READERS)
  @Scopes('redemptions:read')
  @ApiOperation({
    summary: 'The same redemptions as CSV (UTF-8 with BOM, opens in a spreadsheet)',
    description:
      'Every redemption of the same filters, without paging: date, place, service, cheques, amount, channel, masked codes, undo date, settled.',
  })
  @ApiTextResponse(
    'The redemptions, one per row (UTF-8 with BOM)',
    EXPORT_CSV,
    `${EXPORT_COLUMNS.map((column) => `"${column}"`).join(',')}`,
  )
  async csv(@CurrentActor() actor: AuthenticatedActor, @Query() query: RedemptionQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const lines = await this.history.all(actor, query);
    const content = csvFile(
      EXPORT_COLUMNS,
      lines.map((line) => [
        line.occurredAt,
        line.placeName,
        line.serviceName,
        line.chequeCount,
        centsToDecimal(line.amountCents),
        line.channel === 'offline' ? 'hors ligne' : 'en ligne',
        line.maskedCodes.join(' '),
        line.undoneAt ?? '',
        line.settled ? 'oui' : 'non',
        line.id,
      ]),
    );
    await reply
      .header('content-type', EXPORT_CSV)
      .header('content-disposition', 'attachment; filename="encaissements.csv"')
      .header('cache-control', 'no-store')
      .send(content);
  }

  @Get('offline-bundle')
  @Roles('place_agent')
  @Scopes('redemptions:write')
  @ApiOperation({
    summary: "What a place's scanner needs to check cheques without network, for a limited time",
    description:
      'The public keys, the cancelled cheques (as hashes), the catalogue, the programmes and their rules, valid until `validUntil`; the scanner may queue at most `maxQueuedCheques` cheques before syncing.',
  })
  @ApiOkResponse({ type: OfflineBundleDto })
  async bundle(@CurrentActor() actor: AuthenticatedActor, @Query() query: OfflineBundleQueryDto): Promise<OfflineBundleDto> {
    return this.offline.bundle(actor, query.placeId);
  }

  @Post('sync')
  @AcceptsBody(SYNC_BODY)
  @HttpCode(200)
  @Roles('place_agent')
  @Scopes('redemptions:write')
  @ApiOperation({
    summary: 'Submit redemptions queued offline; each item answers accepted, conflict (already used) or refused',
    description:
      'Each queued item carries the id the scanner chose: sending it again never redeems twice. Items are answered one by one (accepted with the redemption, conflict when a cheque was used meanwhile, refused with the reason), in the order sent.',
  })
  @ApiOkResponse({ type: SyncResultsDto })
  async sync(@CurrentActor() actor: AuthenticatedActor, @Body() body: SyncDto, @Req() request: FastifyRequest): Promise<SyncResultsDto> {
    return { results: await this.offline.sync(actor, body.items, request.ip) };
  }

  @Get(':id')
  @Roles(...READERS)
  @Scopes('redemptions:read')
  @ApiOperation({
    summary: 'One redemption',
    description:
      'The redemption with the place, the service version paid for, the masked cheques and their value, the channel (online or offline) and any undo.',
  })
  @ApiOkResponse({ type: RedemptionDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<RedemptionDto> {
    return this.redemptions.get(actor, id);
  }

  @Get(':id/la-coop')
  @Roles('place_agent')
  @ApiOperation({
    summary: '« Compléter mon compte rendu sur La Coop »: to La Coop’s activity-report form, pre-filled from this redemption',
    description:
      'Answers 303 to La Coop de la médiation numérique (LA_COOP_URL) with its individual or collective activity-report form filled with the day, the service’s duration and thématiques, and a « Pass numérique » note; nothing about the person (docs/la-coop.md). 404 when LA_COOP_URL is empty.',
  })
  @ApiResponse({
    status: 303,
    description: 'To La Coop’s pre-filled form (the mediator signs in there if needed).',
    headers: {
      Location: { description: 'https://coop-numerique.anct.gouv.fr/coop/mes-activites/cra/individuel?v=…', schema: { type: 'string' } },
    },
  })
  async laCoop(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply.redirect(await this.redemptions.laCoopReportUrl(actor, id), 303);
  }

  @Post(':id/undo')
  @HttpCode(200)
  @Roles('place_agent', 'operator_admin')
  @Scopes('redemptions:write')
  @ApiOperation({
    summary: 'Cancel a redemption (its cheques can be used again) until it is in a settlement batch',
    description:
      'The cheques become usable again and the ledger entry is reversed; the reason is recorded. A redemption already in a settlement batch is 409.',
  })
  @ApiOkResponse({ type: RedemptionDto })
  async undo(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UndoDto,
  ): Promise<RedemptionDto> {
    return this.redemptions.undo(actor, id, body?.reason);
  }
}
