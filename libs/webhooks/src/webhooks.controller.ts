import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, Scopes } from '@app/access';
import type { AuthenticatedActor } from '@app/domain';
import {
  CreateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryQueryDto,
  WebhookEndpointCreatedDto,
  WebhookEndpointDto,
} from './dto/webhook.dto';
import { WebhookDeliveryIdPipe } from './webhook-delivery-id.pipe';
import { WebhooksService } from './webhooks.service';

/** A place's people (« Webhooks » page) or its software (API token with webhooks:manage). */
@ApiTags('webhooks')
@Controller('webhooks')
@Roles('place_agent')
@Scopes('webhooks:manage')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an https endpoint to receive events, signed the Standard Webhooks way; the secret is shown only in this answer',
    description:
      'Events: redemption.created, redemption.undone, payment.sent, payment.rejected, qualification.decided (docs/webhooks.md). Each POST carries webhook-id, webhook-timestamp and webhook-signature (HMAC-SHA256 with the secret). At most 10 active endpoints per organisation (409 conflict). Audited (webhook_endpoint.created).',
  })
  @ApiCreatedResponse({ type: WebhookEndpointCreatedDto })
  @ApiConflictResponse({ description: 'code: conflict (already 10 active endpoints)' })
  async create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointCreatedDto> {
    const { endpoint, secret } = await this.webhooks.create(actor, body);
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }

  @Get()
  @ApiOperation({
    summary: "Your organisation's webhook endpoints (never the secret)",
    description: 'Active endpoints first, then switched-off ones (removed by a person, or gone after a 410 answer).',
  })
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<WebhookEndpointDto[]> {
    return (await this.webhooks.list(actor)).map((endpoint) => WebhookEndpointDto.from(endpoint));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Switch an endpoint off: nothing more is sent to it, what was waiting is given up',
    description: 'It stays listed with its delivery log. Removing twice answers the same endpoint. Audited (webhook_endpoint.removed).',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  async remove(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.webhooks.remove(actor, id));
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a webhook.test event to this endpoint, to check that your software receives and verifies it',
    description:
      'Queued like any event and sent within seconds; its outcome shows in the delivery log. 409 invalid_transition if the endpoint is switched off.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ description: 'code: invalid_transition (endpoint switched off)' })
  async test(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryDto> {
    const { delivery, attempts } = await this.webhooks.sendTest(actor, id);
    return WebhookDeliveryDto.from(delivery, attempts);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "An endpoint's delivery log: each event, its status and its attempts with the receiver's answers",
    description: 'Latest first. A delivery is pending (tried again with backoff for 24 hours), delivered (2xx) or failed.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  async deliveries(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: WebhookDeliveryQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    const page = await this.webhooks.deliveries(actor, id, query);
    return { ...page, items: page.items.map(({ delivery, attempts }) => WebhookDeliveryDto.from(delivery, attempts)) };
  }

  @Post('deliveries/:deliveryId/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: '« Renvoyer »: send a delivery again now (same webhook-id), with a fresh 24-hour retry window',
    description:
      'For a failed delivery, or a delivered one your software lost. 409 invalid_transition if its endpoint is switched off. Audited (webhook_delivery.resent).',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ description: 'code: invalid_transition (endpoint switched off)' })
  async resend(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('deliveryId', WebhookDeliveryIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    const { delivery, attempts } = await this.webhooks.resend(actor, deliveryId);
    return WebhookDeliveryDto.from(delivery, attempts);
  }
}
