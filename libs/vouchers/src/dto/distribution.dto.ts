import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AGE_BANDS, type AgeBand, SERVICES, type Service, SITUATIONS, type Situation } from '@app/domain';
import type { BookletSummary } from '../distribution.service';
import { CursorQuery, IsCalendarDay, IsPageNumber, NEXT_CURSOR_PROPERTY } from '@app/access';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class AllocateBookletsDto {
  @ApiProperty({ description: 'Programme whose booklets are allocated.', example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  @IsUUID('all', { message: 'must be a UUID' })
  programmeId!: string;

  @ApiProperty({ description: 'First booklet number of the range.', example: 1 })
  @IsInt()
  @Min(1)
  fromNumber!: number;

  @ApiProperty({ description: 'Last booklet number of the range (inclusive).', example: 50 })
  @IsInt()
  @Min(1)
  toNumber!: number;

  @ApiProperty({ description: 'Distributor organisation receiving the booklets.', example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  @IsUUID('all', { message: 'must be a UUID' })
  distributorOrganisationId!: string;
}

export class AllocationResultDto {
  @ApiProperty({ example: 50 })
  allocated!: number;
}

/** Deliberately no name, address, phone, birth date or free text: unknown fields are refused (400). */
export class HandOutDto {
  @ApiPropertyOptional({ description: 'Serial printed on the booklet cover (typed or scanned).', example: '7K3F-00012' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[0-9A-Za-z]{4}-\d{5}$/, { message: 'must look like 7K3F-00012' })
  bookletSerial?: string;

  @ApiPropertyOptional({
    description: 'Or single cheques, by their codes (typed or scanned).',
    type: [String],
    example: ['ABCD-EFGH-JKMN-PQRS-T'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  chequeCodes?: string[];

  @ApiPropertyOptional({ description: 'Day of the hand-out (default: today).', example: '2026-11-23' })
  @IsOptional()
  @IsCalendarDay()
  handedOutOn?: string;

  @ApiPropertyOptional({ description: 'Age band of the person (optional).', enum: AGE_BANDS, example: '60_74' })
  @IsOptional()
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand;

  @ApiPropertyOptional({ description: 'Situation of the person (optional).', enum: SITUATIONS, example: 'retraite' })
  @IsOptional()
  @IsIn(SITUATIONS)
  situation?: Situation;

  @ApiPropertyOptional({ description: "INSEE code of the person's commune (optional; never an address).", example: '33063' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5)
  communeCode?: string;

  @ApiPropertyOptional({
    description: 'What the person needs help with (national services vocabulary).',
    enum: SERVICES,
    isArray: true,
    example: ['Aide aux démarches administratives'],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SERVICES, { each: true, message: 'each value must be a service of the national vocabulary' })
  needs?: Service[];
}

export class HandOutResultDto {
  @ApiProperty({ example: '1b2c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  handOutId!: string;

  @ApiProperty({ description: 'Cheques now usable by the person.', example: 10 })
  cheques!: number;
}

export class CancelBookletDto {
  @ApiProperty({ description: 'Why (lost, stolen, damaged…).', example: 'Carnet perdu par le bénéficiaire' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  reason!: string;
}

export class CancelChequesDto extends CancelBookletDto {
  @ApiProperty({ description: 'Codes of the cheques to cancel.', type: [String], example: ['ABCD-EFGH-JKMN-PQRS-T'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  chequeCodes!: string[];
}

export class CancellationResultDto {
  @ApiProperty({ example: 10 })
  cancelled!: number;
}

export class BookletQueryDto {
  @ApiPropertyOptional({ description: 'Only booklets of this programme.', example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  programmeId?: string;

  @ApiPropertyOptional({ example: 1, default: 1 })
  @IsOptional()
  @IsPageNumber()
  page: number = 1;

  @ApiPropertyOptional({ example: 50, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;

  @CursorQuery()
  cursor?: string;
}

export class ChequeCountsDto {
  @ApiProperty({ example: 0 }) issued!: number;
  @ApiProperty({ example: 10 }) distributed!: number;
  @ApiProperty({ example: 0 }) redeemed!: number;
  @ApiProperty({ example: 0 }) settled!: number;
  @ApiProperty({ example: 0 }) cancelled!: number;
  @ApiProperty({ example: 0 }) expired!: number;
}

export class BookletDto {
  @ApiProperty({ example: '7K3F-00012' })
  serial!: string;

  @ApiProperty({ example: 12 })
  number!: number;

  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  programmeId!: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2027' })
  programmeName!: string;

  @ApiProperty({ nullable: true, type: String, example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  distributorOrganisationId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-23T09:00:00.000Z' })
  allocatedAt!: string | null;

  @ApiProperty({ type: ChequeCountsDto })
  counts!: ChequeCountsDto;

  static from(summary: BookletSummary): BookletDto {
    return {
      serial: summary.serial,
      number: summary.number,
      programmeId: summary.programmeId,
      programmeName: summary.programmeName,
      distributorOrganisationId: summary.distributorOrganisationId,
      allocatedAt: summary.allocatedAt ? new Date(summary.allocatedAt).toISOString() : null,
      counts: summary.counts,
    };
  }
}

export class BookletPageDto {
  @ApiProperty({ type: [BookletDto] }) items!: BookletDto[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
  @ApiProperty({ example: 120 }) total!: number;
  @ApiProperty({ example: 3 }) totalPages!: number;
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
