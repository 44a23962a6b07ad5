import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '@app/access';
import type { Answer } from '@app/database';
import type { UserActor } from '@app/domain';
import { AnomalyHoldsService } from './anomaly-holds.service';
import { HoldDto, HoldsQueryDto, RejectHoldDto, ReleaseHoldDto } from './dto/anomaly-holds.dto';

const OPERATORS = ['operator_admin', 'operator_reviewer'] as const;
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: true, description: 'A new unique value (e.g. a UUID) per attempt' };

@ApiTags('anomaly holds')
@Controller('anomaly-holds')
export class AnomalyHoldsController {
  constructor(private readonly holds: AnomalyHoldsService) {}

  @Get()
  @Roles(...OPERATORS)
  @ApiOperation({
    summary: 'Redemptions held by an anomaly rule, latest first (default: those waiting for review)',
    description:
      'Each hold with its redemption (place, day, amount, cheques), the rules that flagged it in French, its status (held, rejection_proposed, released, rejected) and who decided. At most 500.',
  })
  @ApiOkResponse({ type: [HoldDto] })
  async list(@Query() query: HoldsQueryDto): Promise<HoldDto[]> {
    return this.holds.list(query.status);
  }

  @Get(':id')
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'One hold', description: 'The hold with its redemption, reasons, status and decisions.' })
  @ApiOkResponse({ type: HoldDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<HoldDto> {
    return this.holds.get(id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({
    summary: 'Release a hold: the redemption goes into the next settlement batch',
    description: 'With an optional note of what the check found. Requires an Idempotency-Key; a rejected hold is 409 hold_rejected.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: HoldDto })
  @ApiConflictResponse({ description: 'details.code: hold_rejected' })
  async release(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReleaseHoldDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HoldDto> {
    return answered(reply, await this.holds.release(actor, key, id, body.note));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({
    summary: 'Propose to reject a held redemption, with a reason: another operator confirms it (four eyes)',
    description: 'The redemption stays held until the confirmation. Requires an Idempotency-Key.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: HoldDto })
  @ApiConflictResponse({ description: 'details.code: hold_rejection_proposed, hold_released, hold_rejected, hold_redemption_undone' })
  async reject(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RejectHoldDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HoldDto> {
    return answered(reply, await this.holds.proposeRejection(actor, key, id, body.reason));
  }

  @Post(':id/confirm-rejection')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({
    summary: 'Confirm a proposed rejection (another operator): the place is not paid and the cheques are cancelled',
    description:
      "The redemption is voided: its ledger entry is reversed, its cheques are cancelled and their value goes back to the funder (cheques_cancelled). Requires an Idempotency-Key; the proposer's own confirmation is 409 four_eyes_required.",
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: HoldDto })
  @ApiConflictResponse({
    description: 'details.code: four_eyes_required, hold_rejection_not_proposed, hold_redemption_undone, hold_cheques_changed',
  })
  async confirmRejection(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HoldDto> {
    return answered(reply, await this.holds.confirmRejection(actor, key, id));
  }
}

/** The status of an idempotent answer, with the replay header. */
function answered<T>(reply: FastifyReply, answer: Answer<T>): T {
  void reply.status(answer.status);
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return answer.body;
}
