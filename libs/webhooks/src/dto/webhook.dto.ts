import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookUrlProblems } from '@app/domain';
import { CursorQuery, IsPageNumber, IsSpreadsheetSafe, NEXT_CURSOR_PROPERTY } from '@app/access';
import type { WebhookAttemptEntity } from '../entities/webhook-attempt.entity';
import type { WebhookDeliveryEntity } from '../entities/webhook-delivery.entity';
import type { WebhookEndpointEntity } from '../entities/webhook-endpoint.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * The URL's form, checked with the other fields so that one answer names every problem; whether
 * plain http and private addresses are allowed depends on the configuration (WebhooksService).
 */
function IsWebhookUrlForm(): PropertyDecorator {
  return ValidateBy({
    name: 'isWebhookUrlForm',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || webhookUrlProblems(value, true).length === 0,
      defaultMessage: (arguments_) => webhookUrlProblems(String(arguments_?.value), true).join('; '),
    },
  });
}

export class CreateWebhookEndpointDto {
  @ApiProperty({
    description: 'Where to POST the events: an https URL of your software.',
    example: 'https://caisse.example.org/webhooks/pass-numerique',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(2000)
  @IsWebhookUrlForm()
  url!: string;

  @ApiProperty({ description: 'What this endpoint is, for the people of your organisation.', example: 'Logiciel de caisse' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  @IsSpreadsheetSafe()
  description!: string;

  @ApiProperty({ description: 'The events to send there.', enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['redemption.created'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one event' })
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each value must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes!: WebhookEventType[];
}

export class WebhookEndpointDto {
  @ApiProperty({ example: '5a1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  id!: string;

  @ApiProperty({ example: 'https://caisse.example.org/webhooks/pass-numerique' })
  url!: string;

  @ApiProperty({ example: 'Logiciel de caisse' })
  description!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['redemption.created'] })
  eventTypes!: WebhookEventType[];

  @ApiProperty({ description: 'Start of the signing secret, to recognise it (the secret itself is shown once).', example: 'whsec_Xk3v9a' })
  secretPrefix!: string;

  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'When it was switched off, if it was.', nullable: true, type: String, example: null })
  disabledAt!: string | null;

  @ApiProperty({
    description: 'Why: removed by a person, or gone (the receiver answered 410 Gone).',
    nullable: true,
    enum: ['removed', 'gone'],
    example: null,
  })
  disabledReason!: 'removed' | 'gone' | null;

  static from(endpoint: WebhookEndpointEntity): WebhookEndpointDto {
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.eventTypes,
      secretPrefix: endpoint.secretPrefix,
      createdAt: endpoint.createdAt.toISOString(),
      disabledAt: endpoint.disabledAt?.toISOString() ?? null,
      disabledReason: endpoint.disabledReason,
    };
  }
}

export class WebhookEndpointCreatedDto extends WebhookEndpointDto {
  @ApiProperty({
    description: 'The signing secret (Standard Webhooks `whsec_…`): store it now, it is never shown again.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty({ example: '2026-11-23T09:00:05.000Z' })
  attemptedAt!: string;

  @ApiProperty({ description: "The receiver's HTTP status; null when no answer came.", nullable: true, type: Number, example: 200 })
  statusCode!: number | null;

  @ApiProperty({ example: 84 })
  durationMs!: number;

  @ApiProperty({
    description: 'Why no answer came (timeout, refused connection, address not allowed).',
    nullable: true,
    type: String,
    example: null,
  })
  error!: string | null;

  static from(attempt: WebhookAttemptEntity): WebhookAttemptDto {
    return {
      attemptedAt: attempt.attemptedAt.toISOString(),
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      error: attempt.error,
    };
  }
}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'The `webhook-id` header: the same on every attempt.', example: 'msg_2b7c0e6f5d8a4c3b9e1f0a2d4c6e8b1a' })
  id!: string;

  @ApiProperty({ example: 'redemption.created' })
  eventType!: string;

  @ApiProperty({
    description: 'pending (will be tried, or again), delivered, or failed (given up).',
    enum: ['pending', 'delivered', 'failed'],
  })
  status!: 'pending' | 'delivered' | 'failed';

  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-23T09:00:01.000Z' })
  deliveredAt!: string | null;

  @ApiProperty({ description: 'When the next attempt is due, while pending.', nullable: true, type: String, example: null })
  nextAttemptAt!: string | null;

  @ApiProperty({ description: 'The body sent: { type, timestamp, data }.', type: 'object', additionalProperties: true })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: [WebhookAttemptDto], description: 'Attempts, latest first (at most 20).' })
  attempts!: WebhookAttemptDto[];

  static from(delivery: WebhookDeliveryEntity, attempts: WebhookAttemptEntity[]): WebhookDeliveryDto {
    return {
      id: delivery.id,
      eventType: delivery.eventType,
      status: delivery.status,
      createdAt: delivery.createdAt.toISOString(),
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
      payload: delivery.payload,
      attempts: attempts.map((attempt) => WebhookAttemptDto.from(attempt)),
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items!: WebhookDeliveryDto[];

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 3 })
  totalPages!: number;

  @ApiProperty(NEXT_CURSOR_PROPERTY)
  nextCursor!: string | null;
}

export class WebhookDeliveryQueryDto {
  @ApiPropertyOptional({ description: 'Page number, from 1.', example: 1, default: 1 })
  @IsOptional()
  @IsPageNumber()
  page: number = 1;

  @ApiPropertyOptional({ description: 'Items per page (1 to 100).', example: 20, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  @CursorQuery()
  cursor?: string;
}
