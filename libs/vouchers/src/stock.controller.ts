import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, CurrentUser, IDEMPOTENCY_KEY_HEADER, idempotentReply, Roles } from '@app/access';
import type { Answer } from '@app/database';
import { type AuthenticatedActor, BOOKLET_IDLE_DAYS, type UserActor } from '@app/domain';
import { DistributionService } from './distribution.service';
import {
  ApproveTransferDto,
  DestinationsQueryDto,
  DistributorDto,
  IdleStockDto,
  RefuseTransferDto,
  RequestTransferDto,
  StockTransferDto,
} from './dto/stock.dto';
import type { StockTransfer } from './stock-transfers.service';
import { StockTransfersService } from './stock-transfers.service';

const DECIDERS = ['funder_manager', 'operator_admin'] as const;
const READERS = ['distributor_agent', 'funder_manager', 'funder_viewer', 'operator_admin', 'operator_reviewer'] as const;

@ApiTags('stock')
@Controller('stock')
export class StockController {
  constructor(
    private readonly transfers: StockTransfersService,
    private readonly distribution: DistributionService,
  ) {}

  @Get('idle-booklets')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Idle booklets: in a distributor’s stock for 60 days without a cheque handed out',
    description:
      'The same definition as the idle-booklets e-mail digest (docs/notifications.md): a distributor sees its stock, a funder the booklets of its programmes, the operator all.',
  })
  @ApiOkResponse({ type: IdleStockDto })
  async idle(@CurrentActor() actor: AuthenticatedActor): Promise<IdleStockDto> {
    const scope =
      actor.organisationKind === 'distributor'
        ? { distributorOrganisationId: actor.organisationId }
        : actor.organisationKind === 'funder'
          ? { funderOrganisationId: actor.organisationId }
          : ('all' as const);
    const booklets = await this.distribution.idleBooklets(BOOKLET_IDLE_DAYS, scope);
    return { idleDays: BOOKLET_IDLE_DAYS, booklets: booklets.map(({ bookletId: _id, ...booklet }) => booklet) };
  }

  @Get('transfer-destinations')
  @Roles('distributor_agent')
  @ApiOperation({
    summary: 'The other distributors of a programme: where your booklets of it may be transferred',
    description: 'Distributors holding booklets of the programme, yours excepted. 404 when your stock holds none of its booklets.',
  })
  @ApiOkResponse({ type: [DistributorDto] })
  destinations(@CurrentActor() actor: AuthenticatedActor, @Query() query: DestinationsQueryDto): Promise<DistributorDto[]> {
    return this.transfers.destinations(actor, query.programmeId);
  }

  @Get('transfers')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Stock transfers: pending first, then the latest',
    description: 'A distributor sees the transfers from and to it, a funder those of its programmes, the operator all (200 at most).',
  })
  @ApiOkResponse({ type: [StockTransferDto] })
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<StockTransferDto[]> {
    return (await this.transfers.list(actor)).map((transfer) => StockTransferDto.from(transfer));
  }

  @Post('transfers')
  @Roles('distributor_agent')
  @ApiOperation({
    summary: 'Ask to transfer booklets of a programme to another distributor of it (decided by the funder or the operator)',
    description:
      'Chooses the lowest-numbered booklets of your stock not handed out and not in another pending transfer. Nothing moves before the approval. Requires an Idempotency-Key.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: StockTransferDto })
  @ApiConflictResponse({ description: 'details.code: transfer_stock_short (details.available), programme_closed' })
  async request(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RequestTransferDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockTransferDto> {
    return answered(reply, await this.transfers.request(actor, key, body));
  }

  @Post('transfers/:id/approve')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: 'Approve a pending transfer: its booklets still whole in the requester’s stock move to the other distributor',
    description:
      'The programme’s funder or the operator (never the requester). A booklet handed out or cancelled since the request stays with the requester and is shown as not moved. Requires an Idempotency-Key.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOkResponse({ type: StockTransferDto })
  @ApiConflictResponse({ description: 'details.code: transfer_not_pending (details.status), transfer_nothing_to_move' })
  async approve(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ApproveTransferDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockTransferDto> {
    return answered(reply, await this.transfers.approve(actor, key, id, body.note));
  }

  @Post('transfers/:id/refuse')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({
    summary: 'Refuse a pending transfer, saying why: nothing moves',
    description: 'The programme’s funder or the operator. Requires an Idempotency-Key.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOkResponse({ type: StockTransferDto })
  @ApiConflictResponse({ description: 'details.code: transfer_not_pending (details.status)' })
  async refuse(
    @CurrentUser() actor: UserActor,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RefuseTransferDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockTransferDto> {
    return answered(reply, await this.transfers.refuse(actor, key, id, body.note));
  }
}

function answered(reply: FastifyReply, answer: Answer<StockTransfer>): StockTransferDto {
  return StockTransferDto.from(idempotentReply(reply, answer));
}
