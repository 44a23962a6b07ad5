import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Public, RequestActor } from '@app/access';
import type { Actor } from '@app/domain';
import { FeedbackDto } from './dto/redemption.dto';
import { type FeedbackStatus, FeedbackService, type PlaceRatings } from './feedback.service';

@ApiTags('feedback (public)')
@Controller()
@Public()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('cheques/:code/feedback')
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ 'per-agent': true })
  @Throttle({ 'per-ip': { limit: 60, ttl: 60_000 } })
  @ApiOperation({ summary: 'May the holder of this used cheque rate the help received (once)?' })
  async status(@Param('code') code: string): Promise<FeedbackStatus> {
    return this.feedback.status(code);
  }

  @Post('cheques/:code/feedback')
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ 'per-agent': true })
  @Throttle({ 'per-ip': { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Rate the help received with this cheque: 1–5 and three ticks, no free text, once per cheque' })
  async give(@Param('code') code: string, @Body() body: FeedbackDto): Promise<FeedbackStatus> {
    return this.feedback.give(code, body);
  }

  @Get('places/:id/ratings')
  @ApiOperation({ summary: "A place's beneficiary ratings (figures shown from 5 answers on)" })
  async ratings(@RequestActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceRatings> {
    return this.feedback.ratings(actor, id);
  }
}
