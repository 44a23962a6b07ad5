import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTOR_TYPES, type AuditActorType, type AuditEventEntity } from '../audit-event.entity';
import { CursorQuery, IsInstant, IsPageNumber, NEXT_CURSOR_PROPERTY } from '@app/access';

export class AuditEventQueryDto {
  @ApiPropertyOptional({ description: 'Object type, e.g. "organisation", "user", "session".', example: 'organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  objectType?: string;

  @ApiPropertyOptional({ description: 'Object id (uuid or other identifier).', example: '7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  objectId?: string;

  @ApiPropertyOptional({ description: 'Events done by this organisation or to it.', example: '7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Exact action, e.g. "user.logged_in".', example: 'user.logged_in' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive, ISO 8601).', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: Date;

  @ApiPropertyOptional({ description: 'Until this instant (exclusive, ISO 8601).', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: Date;

  @ApiPropertyOptional({ description: 'Page number, from 1.', example: 1, default: 1 })
  @IsOptional()
  @IsPageNumber()
  page: number = 1;

  @ApiPropertyOptional({ description: 'Items per page (1 to 200).', example: 50, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;

  @CursorQuery()
  cursor?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Sequence number of the event (ascending in time).', example: '1024' })
  id!: string;

  @ApiProperty({ description: 'When it happened (UTC).', example: '2026-11-23T09:15:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ description: 'Kind of actor.', enum: AUDIT_ACTOR_TYPES, example: 'user' })
  actorType!: AuditActorType;

  @ApiProperty({ description: 'Acting user, if a person.', nullable: true, type: String, example: null })
  actorUserId!: string | null;

  @ApiProperty({ description: 'Acting API token, if software.', nullable: true, type: String, example: null })
  actorApiTokenId!: string | null;

  @ApiProperty({
    description: 'Name of the system job or command, if the system acted.',
    nullable: true,
    type: String,
    example: 'seed:demo',
  })
  actorName!: string | null;

  @ApiProperty({ description: 'Acting organisation.', nullable: true, type: String, example: null })
  organisationId!: string | null;

  @ApiProperty({ description: 'What was done.', example: 'organisation.created' })
  action!: string;

  @ApiProperty({ description: 'Type of the object acted on.', example: 'organisation' })
  objectType!: string;

  @ApiProperty({ description: 'Id of the object acted on.', example: '7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  objectId!: string;

  @ApiProperty({
    description: 'What changed (never secrets).',
    type: 'object',
    additionalProperties: true,
    example: { name: 'CCAS de Rennes' },
  })
  changes!: Record<string, unknown>;

  @ApiProperty({ description: 'Request id, to find the matching log lines.', nullable: true, type: String, example: 'b1e0…' })
  requestId!: string | null;

  static from(event: AuditEventEntity): AuditEventDto {
    return {
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorType: event.actorType,
      actorUserId: event.actorUserId,
      actorApiTokenId: event.actorApiTokenId,
      actorName: event.actorName,
      organisationId: event.organisationId,
      action: event.action,
      objectType: event.objectType,
      objectId: event.objectId,
      changes: event.changes,
      requestId: event.requestId,
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 50 })
  pageSize!: number;

  @ApiProperty({ description: 'Number of events matching the filter.', example: 120 })
  total!: number;

  @ApiProperty({ example: 3 })
  totalPages!: number;

  @ApiProperty(NEXT_CURSOR_PROPERTY)
  nextCursor!: string | null;
}
