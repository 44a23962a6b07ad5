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
  @ApiOperation({ summary: 'Allocate a range of booklets to a distributor (operator); all or nothing' })
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
  })
  @ApiOkResponse({ type: BookletPageDto })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: BookletQueryDto): Promise<BookletPageDto> {
    const page = await this.distribution.listBooklets(
      actor,
      { programmeId: query.programmeId },
      { page: query.page, pageSize: query.pageSize },
    );
    return { ...page, items: page.items.map((summary) => BookletDto.from(summary)) };
  }

  @Get('booklets/:serial')
  @Roles('operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer', 'distributor_agent')
  @ApiOperation({ summary: 'One booklet by its serial (404 if not in your stock)' })
  @ApiOkResponse({ type: BookletDto })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('serial') serial: string): Promise<BookletDto> {
    return BookletDto.from(await this.distribution.getBooklet(actor, serial));
  }

  @Post('hand-outs')
  @Roles('distributor_agent')
  @ApiOperation({ summary: 'Record that a booklet (or single cheques) was given to a person, with an optional anonymous profile' })
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
  @ApiOperation({ summary: 'Cancel a lost or stolen booklet: its unused cheques are refused forever' })
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
  @ApiOperation({ summary: 'Cancel single cheques by code (all or nothing)' })
  @ApiOkResponse({ type: CancellationResultDto })
  @ApiConflictResponse({ description: 'details.code: cheques_not_cancellable (unknown, not in your stock, used, expired or cancelled)' })
  cancelCheques(@CurrentUser() actor: UserActor, @Body() body: CancelChequesDto): Promise<CancellationResultDto> {
    return this.distribution.cancelCheques(actor, body.chequeCodes, body.reason);
  }
}
