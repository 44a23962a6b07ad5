import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import { ORGANISATION_KINDS, type OrganisationKind } from '@app/domain';
import type { OrganisationEntity } from '../entities/organisation.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateOrganisationDto {
  @ApiProperty({ description: 'Name of the organisation.', example: 'CCAS de Bordeaux' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsSpreadsheetSafe()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'Kind of organisation.', enum: ORGANISATION_KINDS, example: 'distributor' })
  @IsIn(ORGANISATION_KINDS, { message: `must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind!: OrganisationKind;
}

export class OrganisationQueryDto {
  @ApiPropertyOptional({ description: 'Only organisations of this kind.', enum: ORGANISATION_KINDS, example: 'place' })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS, { message: `must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind?: OrganisationKind;
}

export class OrganisationDto {
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  id!: string;

  @ApiProperty({ description: 'Name.', example: 'CCAS de Bordeaux' })
  name!: string;

  @ApiProperty({ description: 'Kind of organisation.', enum: ORGANISATION_KINDS, example: 'distributor' })
  kind!: OrganisationKind;

  @ApiProperty({ description: 'Created at.', example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  static from(organisation: OrganisationEntity): OrganisationDto {
    return { id: organisation.id, name: organisation.name, kind: organisation.kind, createdAt: organisation.createdAt.toISOString() };
  }
}
