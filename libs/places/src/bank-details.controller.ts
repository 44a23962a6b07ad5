import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, ApiFileResponse, CurrentActor, CurrentUser, Roles } from '@app/access';
import { type AuthenticatedActor, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, type UserActor } from '@app/domain';
import { BankDetailsService } from './bank-details.service';
import { BankDetailsDto, BankDetailsInputDto, BankReviewDto } from './dto/bank-details.dto';
import { sendFile } from './file-reply';

@ApiTags('bank details')
@Controller()
export class BankDetailsController {
  constructor(private readonly bankDetails: BankDetailsService) {}

  @Put('bank-details')
  @Roles('place_agent', 'funder_manager')
  @ApiOperation({
    summary:
      "Enter or change your organisation's bank details (IBAN, BIC, holder): they await the operator's verification (a place: its payments; a funder: its refunds)",
    description:
      "The IBAN and BIC are checked (checksum, country, SEPA area) and the holder's name is kept as written. Payments use the last verified details until the operator verifies these.",
  })
  @ApiOkResponse({ type: BankDetailsDto })
  async submit(@CurrentActor() actor: AuthenticatedActor, @Body() body: BankDetailsInputDto): Promise<BankDetailsDto> {
    return BankDetailsDto.from(await this.bankDetails.submit(actor, body));
  }

  @Put('bank-details/proof')
  @Roles('place_agent', 'funder_manager')
  @ApiOperation({
    summary: "Attach the bank's statement of the account (RIB): PDF, PNG or JPEG body, 5 MB at most",
    description:
      'Send the file itself as the body with its Content-Type. It is decoded whole and attached to the bank details waiting for verification; the operator needs it to verify them.',
  })
  @AcceptsBody({ types: DOCUMENT_TYPES, maxBytes: MAX_DOCUMENT_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', example: 'rib.pdf' })
  @ApiOkResponse({ type: BankDetailsDto })
  async attachProof(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('fileName') fileName: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<BankDetailsDto> {
    return BankDetailsDto.from(await this.bankDetails.attachProof(actor, fileName ?? '', contentType?.split(';')[0].trim(), request.body));
  }

  @Get('bank-details/pending')
  @Roles('operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'Bank details waiting for verification',
    description: "The operator's queue: submitted bank details with their organisation, whether the statement is attached, oldest first.",
  })
  @ApiOkResponse({ type: [BankDetailsDto] })
  async pending(): Promise<BankDetailsDto[]> {
    return (await this.bankDetails.awaitingVerification()).map((details) => BankDetailsDto.from(details));
  }

  @Get('organisations/:organisationId/bank-details')
  @Roles('place_agent', 'funder_manager', 'funder_viewer', 'operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: "An organisation's bank details, current first then the earlier ones (its own members and the operator only)",
    description:
      'Each version with its status (submitted, verified, rejected), when it was reviewed (with the note of a rejection) and when it was superseded. Only the organisation itself and the operator may read them.',
  })
  @ApiOkResponse({ type: [BankDetailsDto] })
  async history(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
  ): Promise<BankDetailsDto[]> {
    return (await this.bankDetails.history(actor, organisationId)).map((details) => BankDetailsDto.from(details));
  }

  @Get('organisations/:organisationId/bank-details/:id/proof')
  @Roles('place_agent', 'funder_manager', 'funder_viewer', 'operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'Download the statement of account attached to bank details',
    description: 'The statement file as it was sent, with its media type, never cached.',
  })
  @ApiFileResponse('The file as it was sent', DOCUMENT_TYPES)
  async proof(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendFile(reply, await this.bankDetails.proof(actor, organisationId, id));
  }

  @Post('organisations/:organisationId/bank-details/:id/review')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Verify (needs the attached statement) or reject (with a note) bank details',
    description:
      'Verifying requires the attached statement and makes these the details payments use; rejecting requires a note for the place. Recorded in the audit trail.',
  })
  @ApiOkResponse({ type: BankDetailsDto })
  async review(
    @CurrentUser() actor: UserActor,
    @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: BankReviewDto,
  ): Promise<BankDetailsDto> {
    return BankDetailsDto.from(await this.bankDetails.review(actor, organisationId, id, body.verdict, body.note));
  }
}
