import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REDEMPTION_REFUSALS } from '@app/domain';
import { IsCalendarDay, IsInstantInRange, IsPageNumber } from '@app/access';

const CHEQUE_EXAMPLE = 'https://pass-numerique.example/c/7K3FQ2M9XC4TA8PWJ?p=…&k=…&s=…';

export class VerifyDto {
  @ApiProperty({ description: 'The scanned QR content, or the code as typed (dashes and spaces allowed).', example: CHEQUE_EXAMPLE })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  cheque!: string;

  @ApiPropertyOptional({
    description: 'The service considered (its catalogue entry version id): also checks that the cheque may pay for it.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  serviceId?: string;

  @ApiPropertyOptional({ description: 'Which of your places, when your organisation manages several and no service is given.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  placeId?: string;
}

export class RedeemDto {
  @ApiProperty({
    type: [String],
    description: 'One scanned QR content or typed code per cheque; as many as the service costs.',
    example: [CHEQUE_EXAMPLE],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  cheques!: string[];

  @ApiProperty({ description: 'The catalogue entry version (GET /api/places/:id/catalogue) the cheques pay for.' })
  @IsUUID('all', { message: 'must be a UUID' })
  serviceId!: string;
}

export class UndoDto {
  @ApiPropertyOptional({ example: 'Mauvais service sélectionné.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class SyncItemDto extends RedeemDto {
  @ApiProperty({ description: 'Chosen by the scanner when it queued the item: retrying the same item never redeems twice.' })
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;

  @ApiProperty({ description: "When the cheques were scanned, by the device's clock (ISO 8601).", example: '2026-11-23T10:15:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date and time' })
  @IsInstantInRange()
  scannedAt!: string;
}

export class SyncDto {
  @ApiProperty({ type: [SyncItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SyncItemDto)
  items!: SyncItemDto[];
}

export class OfflineBundleQueryDto {
  @ApiPropertyOptional({ description: 'Which of your places (needed when your organisation manages several).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  placeId?: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class RedemptionQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) placeId?: string;
  @ApiPropertyOptional({ description: 'A catalogue entry (stable id across versions).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  serviceEntryId?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (Paris time), inclusive.' })
  @IsOptional()
  @IsCalendarDay()
  from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (Paris time), inclusive.' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(toBoolean) @IsBoolean() includeUndone?: boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsPageNumber() page: number = 1;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 50;
}

export class FeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: '1 (pas du tout satisfait) to 5 (très satisfait).' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;
  @ApiProperty({ description: "J'ai appris quelque chose." }) @IsBoolean() learned!: boolean;
  @ApiProperty({ description: 'Mon problème est réglé.' }) @IsBoolean() solved!: boolean;
  @ApiProperty({ description: 'Je reviendrai.' }) @IsBoolean() willReturn!: boolean;
}

export class ChequeOutcomeDto {
  @ApiProperty() redeemable!: boolean;
  @ApiProperty({ enum: ['redeemable', ...REDEMPTION_REFUSALS] }) code!: string;
  @ApiProperty({ example: 'Ce chèque a déjà été utilisé le 3 mars 2027.' }) message!: string;
  @ApiProperty({ nullable: true, description: 'Value and validity (null when the code is unknown).' }) cheque!: object | null;
}

export class VerifyAnswerDto extends ChequeOutcomeDto {
  @ApiProperty() place!: object;
  @ApiProperty({ description: 'The services of the place this cheque can pay for.' }) services!: object[];
}
