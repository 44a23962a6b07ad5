import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AcceptsBody, CurrentActor, CurrentUser, Roles, Scopes } from '@app/access';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { BANK_FILE_MAX_BYTES, BankStatementsService } from './bank-statements.service';
import { BankFileImportDto, BankStatementEntryDto, HandleEntryDto, UnmatchedQueryDto } from './dto/bank-statements.dto';

const OPERATORS = ['operator_admin', 'operator_reviewer'] as const;

@ApiTags('bank statements')
@Controller('bank-statements')
export class BankStatementsController {
  constructor(private readonly statements: BankStatementsService) {}

  @Post()
  @HttpCode(200)
  @Roles('operator_admin')
  @Scopes('settlement:write')
  @ApiOperation({
    summary: 'Import a bank file (camt.053, camt.054 or pain.002): each transfer is reconciled by its EndToEndId',
    description:
      "Send the ISO 20022 file itself as the body (application/xml): camt.053.001.08, camt.054.001.08 or pain.002.001.03. A booked debit pays its settlement line at the bank's booking date; a rejection or return rejects it with its ISO reason code (and, for a reason about the account, sends the place's bank details back to verification). Entries without a matching transfer are listed for a person (GET /bank-statements/unmatched). The same file imported twice changes nothing (alreadyImported: true).",
  })
  @AcceptsBody({ types: ['application/xml', 'text/xml'], maxBytes: BANK_FILE_MAX_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: false, example: 'releve-2026-06-05.xml' })
  @ApiOkResponse({ type: BankFileImportDto })
  async import(
    @CurrentActor() actor: AuthenticatedActor,
    @Query('fileName') fileName: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<BankFileImportDto> {
    return this.statements.import(actor, typeof fileName === 'string' ? fileName : '', request.body);
  }

  @Get()
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'The 50 latest bank files imported',
    description: 'Each file with its kind, message identification, entries applied and entries left for a person.',
  })
  @ApiOkResponse({ type: [BankFileImportDto] })
  async files(): Promise<BankFileImportDto[]> {
    return this.statements.files();
  }

  @Get('unmatched')
  @Roles(...OPERATORS)
  @Scopes('settlement:read')
  @ApiOperation({
    summary: 'Bank entries a person must look at (no matching transfer, different amount, refused answer)',
    description: 'Oldest first, with amount, booking date, references and why; handled=true also lists those already handled.',
  })
  @ApiOkResponse({ type: [BankStatementEntryDto] })
  async unmatched(@Query() query: UnmatchedQueryDto): Promise<BankStatementEntryDto[]> {
    return this.statements.unmatched(query.handled === 'true');
  }

  @Post('entries/:id/handled')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Mark an unmatched bank entry as handled, with a note',
    description: 'The note says what was done (kept on the entry and in the audit trail). Marking it again changes nothing.',
  })
  @ApiOkResponse({ type: BankStatementEntryDto })
  @ApiConflictResponse({ description: 'details.code: entry_reconciled (the entry was reconciled automatically)' })
  async handle(
    @CurrentUser() actor: UserActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: HandleEntryDto,
  ): Promise<BankStatementEntryDto> {
    return this.statements.handle(actor, id, body.note);
  }
}
