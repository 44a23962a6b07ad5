import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, CurrentUser, Roles, Scopes } from '@app/access';
import { PdfReplies } from '@app/documents';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { ProgrammeAccountsDto, RecordRefundDto, RefundDto } from '../dto/ledger.dto';
import { FunderRefundTransfersService } from './funder-refund-transfers.service';
import { ProgrammeAccountsService } from './programme-accounts.service';

const READERS = ['operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer'] as const;

@ApiTags('ledger')
@Controller('programmes')
export class ProgrammeAccountsController {
  constructor(
    private readonly accounts: ProgrammeAccountsService,
    private readonly refundTransfers: FunderRefundTransfersService,
    private readonly pdfs: PdfReplies,
  ) {}

  @Get(':id/accounts')
  @Roles(...READERS)
  @Scopes('ledger:read')
  @ApiOperation({
    summary: "A programme's money from the ledger: funding, fee, redeemed, expired, cancelled, outstanding, credit note, refunds",
    description:
      "The programme's figures as booked in the ledger, so that the funder's statements and the operator's accounts agree, with the refundable credit note once the programme is closed, and its refund transfers (due within 30 days of the close).",
  })
  @ApiOkResponse({ type: ProgrammeAccountsDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeAccountsDto> {
    // The programme's own access check first (accounts), then its refund transfers.
    const accounts = await this.accounts.accounts(actor, id);
    return { ...accounts, refundTransfers: await this.refundTransfers.ofProgramme(id) };
  }

  @Post(':id/refunds')
  @Roles('operator_admin')
  @ApiOperation({
    summary: "Record a transfer paying back (part of) the programme's credit note to its funder (operator)",
    description:
      'Books the transfer (amount, date, bank reference) against the credit note. More than what is still refundable is 409 refund_exceeds_refundable. Requires an Idempotency-Key: a retry with the same key and body answers the first result.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A new unique value (e.g. a UUID) per refund' })
  @ApiCreatedResponse({ type: RefundDto })
  @ApiConflictResponse({ description: 'details.code: refund_exceeds_refundable (with details.refundableCents), or the key is in progress' })
  @ApiUnprocessableEntityResponse({ description: 'The key was used with another request' })
  async refund(
    @CurrentUser() actor: UserActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RecordRefundDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefundDto> {
    const answer = await this.accounts.refund(actor, id, key, {
      amountCents: body.amountCents,
      paidOn: body.paidOn,
      bankReference: body.bankReference,
    });
    void reply.status(answer.status);
    if (answer.replayed) void reply.header('idempotent-replayed', 'true');
    return answer.body;
  }

  @Get(':id/statements/order.pdf')
  @Roles(...READERS)
  @Scopes('ledger:read')
  @ApiOperation({
    summary: 'Order statement (PDF, French): face value, cheques, fee, total, amount received, date, reference',
    description: "The funder's statement of the order, in French, generated from the ledger. Available once the programme is funded.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'details.code: order_statement_not_available (not funded yet)' })
  async order(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.pdfs.send(reply, actor, { document: 'order_statement', objectType: 'programme', objectId: id }, async () => {
      const { pdf, filename } = await this.accounts.orderStatement(actor, id);
      return { content: pdf, filename };
    });
  }

  @Get(':id/statements/closing.pdf')
  @Roles(...READERS)
  @Scopes('ledger:read')
  @ApiOperation({
    summary: 'Closing statement (PDF, French): issued, redeemed, expired, cancelled cheques; the credit note (avoir) and refunds paid',
    description:
      "The funder's closing statement, in French, generated from the ledger. Before it is available the answer is 409 closing_statement_not_available, with the reason and the day it will be.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'details.code: closing_statement_not_available (with details.reason and details.availableFrom)' })
  async closing(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.pdfs.send(reply, actor, { document: 'closing_statement', objectType: 'programme', objectId: id }, async () => {
      const { pdf, filename } = await this.accounts.closingStatement(actor, id);
      return { content: pdf, filename };
    });
  }
}
