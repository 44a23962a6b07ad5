import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Public, RequestActor } from '@app/access';
import type { Actor } from '@app/domain';
import { FeedbackDto, FeedbackStatusDto, PlaceRatingsDto } from './dto/redemption.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback (public)')
@Controller()
@Public()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('cheques/:code/feedback')
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ 'per-agent': true })
  @Throttle({ 'per-ip': { limit: 60, ttl: 60_000 } })
  @ApiOperation({
    summary: 'May the holder of this used cheque rate the help received (once)?',
    description:
      '`invited` is true when the cheque was used and nobody has rated it yet; `given` when it has been rated. An unknown code is 404. Limited to 60 requests a minute per address.',
  })
  @ApiOkResponse({ type: FeedbackStatusDto })
  async status(@Param('code') code: string): Promise<FeedbackStatusDto> {
    return this.feedback.status(code);
  }

  @Post('cheques/:code/feedback')
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ 'per-agent': true })
  @Throttle({ 'per-ip': { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Rate the help received with this cheque: 1–5 and three ticks, no free text, once per cheque',
    description:
      'An anonymous answer: a rating and three yes/no ticks, nothing else. A cheque not used yet or already rated is 409. Limited to 20 requests a minute per address.',
  })
  @ApiCreatedResponse({ type: FeedbackStatusDto })
  async give(@Param('code') code: string, @Body() body: FeedbackDto): Promise<FeedbackStatusDto> {
    return this.feedback.give(code, body);
  }

  @Get('places/:id/ratings')
  @ApiOperation({
    summary: "A place's beneficiary ratings (figures shown from 5 answers on)",
    description:
      'The number of answers and, from 5 answers on, the average rating, the distribution and the share of each tick; below 5 answers the figures are null so that no answer can be traced to a person.',
  })
  @ApiOkResponse({ type: PlaceRatingsDto })
  async ratings(@RequestActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceRatingsDto> {
    return this.feedback.ratings(actor, id);
  }
}
