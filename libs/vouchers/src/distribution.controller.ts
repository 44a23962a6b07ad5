import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CurrentUser, Roles } from '@app/access';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { DistributionService } from './distribution.service';
import {
  AllocateBookletsDto,
  AllocationResultDto,
  BookletDto,
  BookletPageDto,
  BookletQueryDto,
  CancelBookletDto,
  CancelChequesDto,
  CancellationResultDto,
  HandOutDto,
  HandOutResultDto,
} from './dto/distribution.dto';

@ApiTags('distribution')
@Controller()
export class DistributionController {
  constructor(private readonly distribution: DistributionService) {}

  @Post('booklets/allocations')
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Allocate a range of booklets to a distributor (operator); all or nothing',
    description:
      "Gives the booklets numbered from `from` to `to` of an issued programme to a distributor organisation's stock. Either every booklet of the range is allocated or none is.",
  })
  @ApiCreatedResponse({ type: AllocationResultDto })
  @ApiConflictResponse({
    description: 'details.code: booklets_not_issued (a draft), programme_closed, booklets_already_allocated (some of the range)',
  })
  allocate(@CurrentUser() actor: UserActor, @Body() body: AllocateBookletsDto): Promise<AllocationResultDto> {
    return this.distribution.allocate(actor, body);
  }

  @Get('booklets')
  @Roles('operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer', 'distributor_agent')
  @ApiOperation({
    summary: "Booklets with their cheques counted by status: a distributor's stock, a funder's programmes, or all for the operator",
    description:
      'Paginated by page, or by `cursor` for software reading the whole stock (programme name, booklet number), optionally for one programme. Each booklet shows its serial, programme, holder and how many of its cheques are issued, handed out, used, expired or cancelled.',
  })
  @ApiOkResponse({ type: BookletPageDto })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: BookletQueryDto): Promise<BookletPageDto> {
    const page = await this.distribution.listBooklets(
      actor,
      { programmeId: query.programmeId },
      { page: query.page, pageSize: query.pageSize, cursor: query.cursor },
    );
    return { ...page, items: page.items.map((summary) => BookletDto.from(summary)) };
  }

  @Get('booklets/:serial')
  @Roles('operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer', 'distributor_agent')
  @ApiOperation({
    summary: 'One booklet by its serial (404 if not in your stock)',
    description:
      'The booklet with its cheques counted by status. A booklet outside your stock or programmes is 404, as if it did not exist.',
  })
  @ApiOkResponse({ type: BookletDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('serial') serial: string): Promise<BookletDto> {
    return BookletDto.from(await this.distribution.getBooklet(actor, serial));
  }

  @Post('hand-outs')
  @Roles('distributor_agent')
  @ApiOperation({
    summary: 'Record that a booklet (or single cheques) was given to a person, with an optional anonymous profile',
    description:
      "The distributor's agent records the hand-out of a whole booklet (by serial) or of single cheques (by code), with an optional anonymous profile (age band, situation) used only in aggregated statistics. No name is ever recorded.",
  })
  @ApiCreatedResponse({ type: HandOutResultDto })
  @ApiConflictResponse({
    description:
      'details.code: booklet_already_handed_out, booklet_cancelled, programme_not_funded, programme_closed; cheques_not_distributable for codes',
  })
  handOut(@CurrentUser() actor: UserActor, @Body() body: HandOutDto): Promise<HandOutResultDto> {
    return this.distribution.handOut(actor, body);
  }

  @Post('booklets/:serial/cancel')
  @HttpCode(200)
  @Roles('operator_admin', 'distributor_agent')
  @ApiOperation({
    summary: 'Cancel a lost or stolen booklet: its unused cheques are refused forever',
    description:
      'Every cheque of the booklet that is not used, expired or cancelled yet is cancelled with the reason given, booked in the ledger and refused at every place from now on.',
  })
  @ApiOkResponse({ type: CancellationResultDto })
  @ApiConflictResponse({ description: 'details.code: booklet_not_cancellable (every cheque already used, expired or cancelled)' })
  cancelBooklet(
    @CurrentUser() actor: UserActor,
    @Param('serial') serial: string,
    @Body() body: CancelBookletDto,
  ): Promise<CancellationResultDto> {
    return this.distribution.cancelBooklet(actor, serial, body.reason);
  }

  @Post('cheques/cancellations')
  @HttpCode(200)
  @Roles('operator_admin', 'distributor_agent')
  @ApiOperation({
    summary: 'Cancel single cheques by code (all or nothing)',
    description:
      'Cancels the cheques named by their codes with the reason given; if any of them cannot be cancelled, none is (409 cheques_not_cancellable naming them).',
  })
  @ApiOkResponse({ type: CancellationResultDto })
  @ApiConflictResponse({ description: 'details.code: cheques_not_cancellable (unknown, not in your stock, used, expired or cancelled)' })
  cancelCheques(@CurrentUser() actor: UserActor, @Body() body: CancelChequesDto): Promise<CancellationResultDto> {
    return this.distribution.cancelCheques(actor, body.chequeCodes, body.reason);
  }
}
