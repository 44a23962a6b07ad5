import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsBody, ApiFileResponse, CurrentUser, Roles } from '@app/access';
import { MAX_DOCUMENT_BYTES, type UserActor } from '@app/domain';
import { BalanceEntryQueryDto, CoverageBalanceDto, FundsCoverageDto, WithdrawBalanceDto } from './dto/funds-coverage.dto';
import { FundsCoverageService } from './funds-coverage.service';

const PDF = 'application/pdf';

@ApiTags('funds coverage')
@Controller('funds-coverage')
export class FundsCoverageController {
  constructor(private readonly coverage: FundsCoverageService) {}

  @Get()
  @Roles('operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: "The funds coverage now: the confirmed balance of the segregated account over the ledger's liabilities, with its parts",
    description:
      'Computed on demand from the ledger (funded cheques still usable, handed out or not; redemptions not yet paid; funders’ credits not yet refunded) and the latest confirmed balance; with the balances waiting for confirmation and the last 31 days stored by the daily job (docs/funds-coverage.md).',
  })
  @ApiOkResponse({ type: FundsCoverageDto })
  async current(): Promise<FundsCoverageDto> {
    const [coverage, awaiting, days] = await Promise.all([
      this.coverage.current(),
      this.coverage.awaitingConfirmation(),
      this.coverage.days(31),
    ]);
    return FundsCoverageDto.from(coverage, awaiting, days);
  }

  @Post('balances')
  @Roles('operator_admin')
  @ApiOperation({
    summary: "Enter the segregated account's balance with its bank statement (PDF body, 5 MB at most); another operator admin confirms it",
    description:
      'The balance and its day go in the query, the bank statement itself is the body (Content-Type application/pdf), checked whole. The balance counts once a second operator admin confirms it. Audited (funds_coverage.balance_entered).',
  })
  @AcceptsBody({ types: [PDF], maxBytes: MAX_DOCUMENT_BYTES })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: CoverageBalanceDto })
  async enter(
    @CurrentUser() actor: UserActor,
    @Query() query: BalanceEntryQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<CoverageBalanceDto> {
    return CoverageBalanceDto.from(await this.coverage.enterBalance(actor, query, contentType?.split(';')[0].trim(), request.body));
  }

  @Post('balances/:id/confirm')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Confirm a balance (four eyes: not the operator admin who entered it); today’s coverage is recomputed',
    description:
      'From now on the balance counts. Today’s coverage is stored again; below 100 % the operator admins are alerted (audit and e-mail, once a day) and programme activation is refused. Confirming again answers the same balance.',
  })
  @ApiOkResponse({ type: CoverageBalanceDto })
  @ApiConflictResponse({ description: 'details.code: four_eyes_required, balance_enterer_unknown, balance_withdrawn' })
  async confirm(@CurrentUser() actor: UserActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<CoverageBalanceDto> {
    return CoverageBalanceDto.from(await this.coverage.confirmBalance(actor, id));
  }

  @Post('balances/:id/withdraw')
  @HttpCode(200)
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Withdraw a wrong balance before anyone confirmed it, with a reason',
    description:
      'The balance is kept with its statement, who withdrew it and why, but never counts and no longer awaits confirmation. Withdrawing again answers the same balance; a confirmed balance is 409 balance_confirmed. Audited (funds_coverage.balance_withdrawn).',
  })
  @ApiOkResponse({ type: CoverageBalanceDto })
  @ApiConflictResponse({ description: 'details.code: balance_confirmed' })
  async withdraw(
    @CurrentUser() actor: UserActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: WithdrawBalanceDto,
  ): Promise<CoverageBalanceDto> {
    return CoverageBalanceDto.from(await this.coverage.withdrawBalance(actor, id, body.reason));
  }

  @Get('balances/:id/statement')
  @Roles('operator_admin', 'operator_reviewer')
  @ApiOperation({ summary: "Download a balance's bank statement", description: 'The PDF as it was sent, never cached.' })
  @ApiFileResponse('The bank statement', [PDF])
  async statement(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.coverage.statement(id);
    await reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.\- ]+/g, '_')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }
}
