import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiTextResponse, CurrentUser, Roles } from '@app/access';
import type { UserActor } from '@app/domain';
import { sendFile } from '@app/places';
import { RefundTransferDto, RefundTransfersDto } from '../dto/funder-refund-transfer.dto';
import { FunderRefundTransfersService } from './funder-refund-transfers.service';

const SEPA_XML = 'application/xml; charset=utf-8';

@ApiTags('ledger')
@Controller()
export class FunderRefundTransfersController {
  constructor(private readonly transfers: FunderRefundTransfersService) {}

  @Get('funder-refund-transfers')
  @Roles('operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'Refunds to funders by transfer: closed programmes to refund (with the deadline) and every transfer',
    description:
      'A closed programme’s credit note is paid back to its funder within 30 days of the close. The job prepares the transfer once the funder’s bank details are verified; this lists what waits and each transfer’s status.',
  })
  @ApiOkResponse({ type: RefundTransfersDto })
  list(): Promise<RefundTransfersDto> {
    return this.transfers.list();
  }

  @Post('programmes/:id/refund-transfer')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Prepare now the refund transfer of a closed programme (the job does it too); the open one again if there is one',
    description:
      'Amount: what is still refundable. Needs the funder’s verified bank details (409 funder_bank_details_unverified) and a closed programme with money to refund (409 nothing_to_refund).',
  })
  @ApiOkResponse({ type: RefundTransferDto })
  @ApiConflictResponse({ description: 'details.code: nothing_to_refund, funder_bank_details_unverified' })
  prepare(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<RefundTransferDto> {
    return this.transfers.prepare(actor, id);
  }

  @Post('funder-refund-transfers/:id/approve')
  @HttpCode(200)
  @Roles('operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'Four eyes: another operator than the one who prepared it approves the refund transfer',
    description: 'As for settlement batches: the operator who prepared it cannot approve it (409 four_eyes_required).',
  })
  @ApiOkResponse({ type: RefundTransferDto })
  @ApiConflictResponse({ description: 'details.code: four_eyes_required, refund_transfer_status' })
  approve(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<RefundTransferDto> {
    return this.transfers.approve(actor, id);
  }

  @Post('funder-refund-transfers/:id/export')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Mark the approved refund transfer exported: its SEPA file is then downloadable',
    description:
      'From now on the transfer may be at the bank: the bank-statement import books it or its rejection. A transfer prepared by the job is exported by another operator than its approver (409 four_eyes_required).',
  })
  @ApiOkResponse({ type: RefundTransferDto })
  @ApiConflictResponse({ description: 'details.code: four_eyes_required, refund_transfer_status, funder_bank_details_unverified' })
  export(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<RefundTransferDto> {
    return this.transfers.export(actor, id);
  }

  @Post('funder-refund-transfers/:id/cancel')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Cancel a prepared or approved refund transfer (never once exported)',
    description: 'Its amount is refundable again: the job prepares a new transfer, or the operator records a refund made otherwise.',
  })
  @ApiOkResponse({ type: RefundTransferDto })
  @ApiConflictResponse({ description: 'details.code: refund_transfer_status' })
  cancel(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<RefundTransferDto> {
    return this.transfers.cancel(actor, id);
  }

  @Get('funder-refund-transfers/:id/sepa.xml')
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'The SEPA credit-transfer file (pain.001.001.03) of an exported refund transfer',
    description: 'One transfer from the operator’s account to the funder’s verified account, its EndToEndId the transfer’s reference.',
  })
  @ApiTextResponse(
    'The pain.001.001.03 XML document',
    SEPA_XML,
    '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>…</CstmrCdtTrfInitn></Document>',
  )
  @ApiConflictResponse({ description: 'details.code: refund_transfer_not_exported' })
  async sepa(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, { contentType: SEPA_XML, ...(await this.transfers.sepa(id)) });
  }
}
