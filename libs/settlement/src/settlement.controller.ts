import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiFileResponse, ApiTextResponse, CurrentActor, CurrentUser, Roles, Scopes } from '@app/access';
import { PDF_MEDIA_TYPE, PdfReplies } from '@app/documents';
import type { Answer } from '@app/database';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { sendFile } from '@app/places';
import {
  BankPaymentDto,
  BatchDto,
  BatchSummaryDto,
  CancelBatchDto,
  CreateBatchDto,
  FunderPaymentDto,
  LineDto,
  LinesQueryDto,
  RejectLineDto,
} from './dto/settlement.dto';
import { DelayDto, PaymentDelaysDto, PlacePaymentsCsvQueryDto, PlacePaymentsDto, PlacePaymentsQueryDto } from './dto/place-payments.dto';
import { placePaymentsCsv, placePaymentsPdf } from './place-payments-files';
import { PaymentDelaysService } from './payment-delays.service';
import { PlacePaymentsService } from './place-payments.service';
import { SettlementFilesService } from './settlement-files.service';
import { SettlementService } from './settlement.service';

const OPERATORS = ['operator_admin', 'operator_reviewer'] as const;
const SEPA_XML = 'application/xml; charset=utf-8';
const LINES_CSV = 'text/csv; charset=utf-8';
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: true, description: 'A new unique value (e.g. a UUID) per attempt' };

@ApiTags('settlement')
@Controller('settlement')
export class SettlementController {
  constructor(
    private readonly settlement: SettlementService,
    private readonly files: SettlementFilesService,
    private readonly pdfs: PdfReplies,
    private readonly placePaymentsView: PlacePaymentsService,
    private readonly delays: PaymentDelaysService,
  ) {}

  @Post('batches')
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Build the batch of a period (default: the previous month): 201 new, 200 when this cut-off already has its batch',
    description:
      'Gathers every redemption payable up to the cut-off into one line per place organisation with verified bank details; the others are carried over. Requires an Idempotency-Key; 409 nothing_to_settle when no redemption is payable.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: BatchSummaryDto, description: 'The new batch' })
  @ApiOkResponse({ type: BatchSummaryDto, description: 'The batch this cut-off already has' })
  @ApiConflictResponse({ description: 'details.code: nothing_to_settle' })
  async create(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: CreateBatchDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchSummaryDto> {
    return answered(reply, await this.settlement.create(actor, key, { month: body.month, cutOff: body.cutOff }));
  }

  @Get('batches')
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'Every batch, latest cut-off first',
    description:
      'Each batch with its period, cut-off, status (draft, approved, exported, paid, cancelled), totals and who built, approved and exported it.',
  })
  @ApiOkResponse({ type: [BatchSummaryDto] })
  async list(): Promise<BatchSummaryDto[]> {
    return this.settlement.list();
  }

  @Get('batches/:id')
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'A batch with its lines and its carried-over payees',
    description:
      "The batch's lines (payee, IBAN, amount, redemptions, status) and the payees carried over to a later batch with the reason.",
  })
  @ApiOkResponse({ type: BatchDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<BatchDto> {
    return this.settlement.get(id);
  }

  @Post('batches/:id/approve')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({
    summary: 'Four eyes: another operator than its creator approves the draft batch',
    description: 'The second person of the four-eyes rule: the operator who built the batch cannot approve it (409 four_eyes_required).',
  })
  @ApiOkResponse({ type: BatchSummaryDto })
  @ApiConflictResponse({ description: 'details.code: four_eyes_required, batch_not_draft, batch_cancelled' })
  async approve(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<BatchSummaryDto> {
    return this.settlement.approve(actor, id);
  }

  @Post('batches/:id/export')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Mark the approved batch exported: its SEPA file is then downloadable',
    description: 'Freezes the batch for the bank: it can no longer be cancelled, and its SEPA file and CSV become downloadable.',
  })
  @ApiOkResponse({ type: BatchSummaryDto })
  @ApiConflictResponse({ description: 'details.code: batch_not_approved, batch_cancelled' })
  async export(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<BatchSummaryDto> {
    return this.settlement.export(actor, id);
  }

  @Post('batches/:id/cancel')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({
    summary:
      'Cancel a draft or approved batch (never once exported), with a reason: its lines are cancelled and their redemptions go into the next batch',
    description: 'The reason is kept on the batch. Requires an Idempotency-Key; an exported batch is 409 batch_already_exported.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: BatchSummaryDto })
  @ApiConflictResponse({ description: 'details.code: batch_already_exported' })
  async cancel(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CancelBatchDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchSummaryDto> {
    return answered(reply, await this.settlement.cancel(actor, key, id, body.reason));
  }

  @Get('batches/:id/sepa.xml')
  @Roles('operator_admin')
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'The SEPA credit-transfer file (pain.001.001.03) of an exported batch',
    description:
      "The pain.001.001.03 credit-transfer initiation to send to the operator's bank: one transfer per line, valid against the ISO 20022 schema.",
  })
  @ApiTextResponse(
    'The pain.001.001.03 XML document',
    SEPA_XML,
    '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>…</CstmrCdtTrfInitn></Document>',
  )
  async sepa(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, { contentType: SEPA_XML, ...(await this.files.sepa(id)) });
  }

  @Get('batches/:id/lines.csv')
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: "The batch's lines as CSV (UTF-8 with BOM)",
    description:
      'One row per line: payee, IBAN, BIC, amount, number of redemptions, status; UTF-8 with BOM so that spreadsheets open it correctly.',
  })
  @ApiTextResponse(
    'The lines, one per row (UTF-8 with BOM)',
    LINES_CSV,
    '"reference","beneficiaire","organisation_id","montant_euros","encaissements","cheques","iban","bic","titulaire","statut","paye_le","reference_bancaire","motif_rejet"',
  )
  async csv(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, { contentType: LINES_CSV, ...(await this.files.csv(id)) });
  }

  @Post('batches/:id/paid')
  @HttpCode(200)
  @Roles('operator_admin')
  @Scopes('settlement:write')
  @ApiOperation({
    summary: 'The bank paid every line still waiting (date and bank reference); their cheques become settled',
    description:
      "Records the bank's payment date and reference on every line not paid or rejected yet, booked in the ledger. Requires an Idempotency-Key.",
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: BatchSummaryDto })
  @ApiConflictResponse({ description: 'details.code: batch_not_exported, batch_cancelled' })
  async batchPaid(
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: BankPaymentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchSummaryDto> {
    return answered(reply, await this.settlement.markBatchPaid(actor, key, id, { paidOn: body.paidOn, bankReference: body.bankReference }));
  }

  @Get('lines')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: "Your organisation's payments (a place), or every line (the operator), latest first",
    description:
      'Each line with its batch, period, amount, status and payment date and reference; the operator may filter by organisationId.',
  })
  @ApiOkResponse({ type: [LineDto] })
  async lines(@CurrentActor() actor: AuthenticatedActor, @Query() query: LinesQueryDto): Promise<LineDto[]> {
    return this.settlement.lines(actor, query.organisationId);
  }

  @Post('lines/:id/paid')
  @HttpCode(200)
  @Roles('operator_admin')
  @Scopes('settlement:write')
  @ApiOperation({
    summary: 'The bank paid this line (date and bank reference); its cheques become settled',
    description: "Records the bank's payment date and reference on this line, booked in the ledger. Requires an Idempotency-Key.",
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: LineDto })
  @ApiConflictResponse({ description: 'details.code: batch_not_exported, line_rejected' })
  async linePaid(
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: BankPaymentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LineDto> {
    const payment = { paidOn: body.paidOn, bankReference: body.bankReference };
    return answered(reply, await this.settlement.markLine(actor, key, id, { status: 'paid', payment }));
  }

  @Post('lines/:id/reject')
  @HttpCode(200)
  @Roles('operator_admin')
  @Scopes('settlement:write')
  @ApiOperation({
    summary: "The bank rejected this line's transfer: its redemptions are payable again, in the next batch",
    description:
      "Records the bank's reason; the line's redemptions go back to payable and into the next batch, and the ledger is corrected. Requires an Idempotency-Key.",
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: LineDto })
  @ApiConflictResponse({ description: 'details.code: batch_not_exported' })
  async lineRejected(
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RejectLineDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LineDto> {
    return answered(reply, await this.settlement.markLine(actor, key, id, { status: 'rejected', reason: body.reason }));
  }

  @Get('lines/:id/statement.pdf')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: "A line's remittance statement: every cheque paid (date, place, service, masked code, amount)",
    description: "The place's remittance statement in French (PDF): every cheque paid by this line, so that it can reconcile its account.",
  })
  @ApiFileResponse('The statement (PDF, French)', [PDF_MEDIA_TYPE])
  async statement(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.pdfs.send(reply, actor, { document: 'remittance_statement', objectType: 'settlement_line', objectId: id }, async () => {
      const { fileName, content } = await this.files.statement(actor, id);
      return { content, filename: fileName };
    });
  }

  @Get('place-payments')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: "« Mes remboursements »: where a place organisation's money is, in four parts",
    description:
      'À recevoir (redeemed, in no batch yet, with the day the money can be expected from SETTLEMENT_SCHEDULE), en cours (to approve, approved, sent to the bank on the export day), payé (day, bank reference) and rejeté (the bank’s reason and what to do), with totals, and the payment delay (median and 95th percentile in days). A place sees its own; the operator names the organisation (organisationId).',
  })
  @ApiOkResponse({ type: PlacePaymentsDto })
  async placePayments(@CurrentActor() actor: AuthenticatedActor, @Query() query: PlacePaymentsQueryDto): Promise<PlacePaymentsDto> {
    return this.placePaymentsView.view(actor, query.organisationId);
  }

  @Get('payment-delays')
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'How long places wait for their money: p50 and p95 in days, overall and per département',
    description:
      'For every paid redemption, the days from the redemption (Paris day) to the day its transfer was booked (the recorded paidOn); nearest-rank median and 95th percentile, over every place and per département of the place.',
  })
  @ApiOkResponse({ type: PaymentDelaysDto })
  async paymentDelays(): Promise<PaymentDelaysDto> {
    return this.delays.figures();
  }

  @Get('places/:placeId/payment-delay')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'How long one place waits for its money: p50 and p95 in days',
    description:
      'The same measure as payment-delays, for the redemptions made at this place (the place’s own page). A place organisation sees its own places only (404 for another’s).',
  })
  @ApiOkResponse({ type: DelayDto })
  async placePaymentDelay(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('placeId', new ParseUUIDPipe()) placeId: string,
  ): Promise<DelayDto> {
    return this.delays.ofPlace(actor, placeId);
  }

  @Get('place-payments.csv')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: '« Mes remboursements » as CSV (UTF-8 with BOM)',
    description:
      'One row per amount of the four parts (à recevoir, en cours, payé, rejeté) with its day, reference, status and bank reference.',
  })
  @ApiTextResponse(
    'The amounts, one per row (UTF-8 with BOM)',
    LINES_CSV,
    '"partie","date","reference","montant_euros","cheques","statut","reference_bancaire","motif_rejet"',
  )
  async placePaymentsCsv(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: PlacePaymentsCsvQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.placePaymentsView.view(actor, query.organisationId);
    await sendFile(reply, {
      contentType: LINES_CSV,
      fileName: 'mes-remboursements.csv',
      content: placePaymentsCsv(view, query.format ?? 'rfc4180'),
    });
  }

  @Get('place-payments.pdf')
  @Roles('place_agent', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: '« Mes remboursements » as a PDF (French)',
    description: 'The four parts with their totals, days and references, and the payment delay, for a treasurer’s records.',
  })
  @ApiFileResponse('The summary (PDF, French)', [PDF_MEDIA_TYPE])
  async placePaymentsPdf(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: PlacePaymentsQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.placePaymentsView.view(actor, query.organisationId);
    await this.pdfs.send(
      reply,
      actor,
      { document: 'place_payments', objectType: 'organisation', objectId: view.organisationId },
      async () => ({
        content: await placePaymentsPdf(view, this.placePaymentsView.today()),
        filename: 'mes-remboursements.pdf',
      }),
    );
  }

  @Get('funder-payments')
  @Roles('funder_manager', 'funder_viewer', ...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: "What your programmes' cheques paid to each place organisation (paid lines only)",
    description: 'Per place organisation: the amount and number of cheques of your programmes paid, from paid lines only.',
  })
  @ApiOkResponse({ type: [FunderPaymentDto] })
  async funderPayments(@CurrentActor() actor: AuthenticatedActor): Promise<FunderPaymentDto[]> {
    return this.files.funderPayments(actor);
  }
}

/** The status of an idempotent answer (201 new, 200 existing or replayed), with the replay header. */
function answered<T>(reply: FastifyReply, answer: Answer<T>): T {
  void reply.status(answer.status);
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return answer.body;
}
