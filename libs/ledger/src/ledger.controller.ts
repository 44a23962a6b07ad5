import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, Scopes } from '@app/access';
import { type AuthenticatedActor, DomainError, parseAccountKey } from '@app/domain';
import { AccountEntriesQueryDto, AccountEntryPageDto, BalancesDto, BalancesQueryDto, LedgerCheckDto } from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

@ApiTags('ledger')
@Controller('ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('balances')
  @Roles('operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer')
  @Scopes('ledger:read')
  @ApiOperation({
    summary: "Every account's balance at an instant (operator); a funder sees its own account and its programmes'",
    description:
      "The balance of every ledger account (bank, fees, funders, programmes' outstanding cheques, places payable) at `at` (now by default), from the double-entry postings.",
  })
  @ApiOkResponse({ type: BalancesDto })
  async balances(@CurrentActor() actor: AuthenticatedActor, @Query() query: BalancesQueryDto): Promise<BalancesDto> {
    const at = query.at ?? new Date();
    const scope = actor.organisationKind === 'operator' ? ({ all: true } as const) : { funderOrganisationId: actor.organisationId };
    return { at: at.toISOString(), accounts: await this.ledger.balances(at, scope) };
  }

  @Get('entries')
  @Roles('operator_admin', 'operator_reviewer')
  @Scopes('ledger:read')
  @ApiOperation({
    summary: "One account's postings, newest first (operator)",
    description:
      'Paginated postings of the account named by `account` (bank, operator_fees, or funder|programme_outstanding|place_payable:<uuid>) with the movement each belongs to and the running balance.',
  })
  @ApiOkResponse({ type: AccountEntryPageDto })
  async entries(@Query() query: AccountEntriesQueryDto): Promise<AccountEntryPageDto> {
    const account = parseAccountKey(query.account);
    if (!account) {
      throw DomainError.validation([
        { field: 'account', problems: ['must be "bank", "operator_fees", or funder|programme_outstanding|place_payable:<uuid>'] },
      ]);
    }
    const page = await this.ledger.accountEntries(account, { page: query.page, pageSize: query.pageSize, cursor: query.cursor });
    return { ...page, items: page.items.map((item) => ({ ...item, occurredAt: item.occurredAt.toISOString() })) };
  }

  @Get('check')
  @Roles('operator_admin', 'operator_reviewer')
  @Scopes('ledger:read')
  @ApiOperation({
    summary: 'Check the ledger against the cheques and redemptions: every invariant, with the offending ids and amounts',
    description:
      'Checks every invariant of the double-entry ledger against the cheques and redemptions and reports each with `ok` and, when it fails, up to 20 offending rows (ids and amounts); the top-level `ok` is true when every invariant holds.',
  })
  @ApiOkResponse({ type: LedgerCheckDto })
  check(): Promise<LedgerCheckDto> {
    return this.ledger.check();
  }
}
