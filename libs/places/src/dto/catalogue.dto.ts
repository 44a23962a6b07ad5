import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import { SERVICE_MODALITIES, SERVICES, type Service, type ServiceModality } from '@app/domain';
import type { CatalogueEntryInput } from '../catalogue.service';
import type { CatalogueEntryEntity } from '../entities/catalogue-entry.entity';

export class CatalogueEntryInputDto implements CatalogueEntryInput {
  @ApiProperty({ example: 'Atelier collectif « Premiers pas sur internet »' })
  @IsString()
  @IsSpreadsheetSafe()
  @MinLength(3)
  @MaxLength(150)
  name!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Groupe de 6 personnes au plus.' })
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(1000)
  description?: string | null;
  @ApiProperty({ enum: SERVICES, description: 'National `services` category.' }) @IsIn(SERVICES) category!: Service;
  @ApiProperty({ enum: SERVICE_MODALITIES, example: 'collective_workshop' }) @IsIn(SERVICE_MODALITIES) modality!: ServiceModality;
  @ApiProperty({ example: 120, description: 'Duration in minutes (5 to 1440).' }) @IsInt() @Min(5) @Max(1440) durationMinutes!: number;
  @ApiProperty({ example: 1, description: 'Price in cheques (1 to 50).' }) @IsInt() @Min(1) @Max(50) priceInCheques!: number;
}

export class CatalogueEntryDto {
  @ApiProperty({ description: 'Id of this version (what a redemption refers to).' }) id!: string;
  @ApiProperty({ description: 'Stable id of the entry across versions.' }) entryId!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() placeId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: SERVICES }) category!: Service;
  @ApiProperty({ enum: SERVICE_MODALITIES }) modality!: ServiceModality;
  @ApiProperty({ example: 120 }) durationMinutes!: number;
  @ApiProperty({ example: 1 }) priceInCheques!: number;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) retiredAt!: string | null;

  static from(entry: CatalogueEntryEntity): CatalogueEntryDto {
    return {
      id: entry.id,
      entryId: entry.entryId,
      version: entry.version,
      placeId: entry.placeId,
      name: entry.name,
      description: entry.description,
      category: entry.category,
      modality: entry.modality,
      durationMinutes: entry.durationMinutes,
      priceInCheques: entry.priceInCheques,
      createdAt: new Date(entry.createdAt).toISOString(),
      retiredAt: entry.retiredAt ? new Date(entry.retiredAt).toISOString() : null,
    };
  }
}
