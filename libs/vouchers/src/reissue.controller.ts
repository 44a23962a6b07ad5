import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, CurrentUser, IDEMPOTENCY_KEY_HEADER, idempotentReply, Roles } from '@app/access';
import type { AuthenticatedActor, UserActor } from '@app/domain';
import { ReissueBookletDto, ReissuePreviewDto, ReissueResultDto } from './dto/reissue.dto';
import { ReissueService } from './reissue.service';

const NOT_REISSUABLE = 'details.code: booklet_not_reissuable (never handed out as a whole by your structure, or no cheque left unused)';

@ApiTags('distribution')
@Controller('booklets/:serial/reissue')
export class ReissueController {
  constructor(private readonly reissues: ReissueService) {}

  @Get()
  @Roles('distributor_agent')
  @ApiOperation({
    summary: 'What reissuing a lost booklet would carry over: its unused cheques and the anonymous profile of its hand-out',
    description:
      'For the social worker of the structure that handed the booklet out, before confirming: the remaining value (cheques handed out and not used yet) and the profile carried over to the new hand-out. A booklet of another structure is 404.',
  })
  @ApiOkResponse({ type: ReissuePreviewDto })
  @ApiConflictResponse({ description: NOT_REISSUABLE })
  preview(@CurrentActor() actor: AuthenticatedActor, @Param('serial') serial: string): Promise<ReissuePreviewDto> {
    return this.reissues.preview(actor, serial);
  }

  @Post()
  @Roles('distributor_agent')
  @ApiOperation({
    summary: 'Reissue a lost booklet: a new booklet of the same programme for the remaining value, the same profile, all or nothing',
    description:
      'Cancels the lost booklet’s unused cheques (refused everywhere from now on, offline scanners included at their next sync), hands out as many cheques of the new booklet (numbers 1 to n) with the lost hand-out’s anonymous profile, and cancels the new booklet’s surplus cheques. Booked in the ledger as a cancellation, audited, linked to the lost hand-out without any personal data. Requires an Idempotency-Key.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: ReissueResultDto })
  @ApiConflictResponse({
    description: `${NOT_REISSUABLE}; replacement_not_in_programme, replacement_not_available (the new booklet), programme_not_funded, programme_closed`,
  })
  async reissue(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('serial') serial: string,
    @Body() body: ReissueBookletDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReissueResultDto> {
    return idempotentReply(reply, await this.reissues.reissue(actor, key, serial, body.newBookletSerial));
  }
}
