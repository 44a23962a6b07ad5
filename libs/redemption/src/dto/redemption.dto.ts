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
import { REDEMPTION_REFUSALS, SERVICE_MODALITIES } from '@app/domain';
import { PublishedKeyDto } from '@app/vouchers';
import { REDEMPTION_CHANNELS, type RedemptionChannel } from '../entities/redemption.entity';
import { CursorQuery, IsCalendarDay, IsInstantInRange, IsPageNumber, NEXT_CURSOR_PROPERTY } from '@app/access';

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
  @CursorQuery() cursor?: string;
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

/** What an agent is shown of a cheque: its value and validity, never the full code. */
export class ChequeSummaryDto {
  @ApiProperty({ example: '••••-••••-••••-TA8P-W' }) maskedCode!: string;
  @ApiProperty({ example: 1000 }) faceValueCents!: number;
  @ApiProperty({ example: '10,00\u202f€' }) faceValue!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'Pass numérique Gironde' }) programmeName!: string;
  @ApiProperty({ format: 'date', example: '2027-06-30' }) validUntil!: string;
  @ApiProperty({ format: 'date', description: 'Last day a place may redeem it (validity plus grace days).', example: '2027-07-31' })
  redeemableUntil!: string;
}

export class ChequeOutcomeDto {
  @ApiProperty() redeemable!: boolean;
  @ApiProperty({ enum: ['redeemable', ...REDEMPTION_REFUSALS] }) code!: string;
  @ApiProperty({ example: 'Ce chèque a déjà été utilisé le 3 mars 2027.' }) message!: string;
  @ApiProperty({ type: ChequeSummaryDto, nullable: true, description: 'Value and validity (null when the code is unknown).' })
  cheque!: ChequeSummaryDto | null;
}

export class VerifyPlaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Médiathèque de Mériadeck' }) nom!: string;
}

export class RedeemableServiceDto {
  @ApiProperty({ format: 'uuid', description: 'The catalogue entry version to redeem for.' }) id!: string;
  @ApiProperty({ example: 'Atelier « premiers pas sur ordinateur »' }) name!: string;
  @ApiProperty({ example: 'Maîtrise des outils numériques du quotidien' }) category!: string;
  @ApiProperty({ example: 1 }) priceInCheques!: number;
  @ApiProperty({ example: 90 }) durationMinutes!: number;
}

export class VerifyAnswerDto extends ChequeOutcomeDto {
  @ApiProperty({ type: VerifyPlaceDto }) place!: VerifyPlaceDto;
  @ApiProperty({ type: [RedeemableServiceDto], description: 'The services of the place this cheque can pay for.' })
  services!: RedeemableServiceDto[];
}

export class RedeemedServiceDto {
  @ApiProperty({ format: 'uuid', description: 'The catalogue entry version paid for.' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The catalogue entry, stable across versions.' }) entryId!: string;
  @ApiProperty({ example: 'Atelier « premiers pas sur ordinateur »' }) name!: string;
  @ApiProperty({ example: 'Maîtrise des outils numériques du quotidien' }) category!: string;
  @ApiProperty({ enum: SERVICE_MODALITIES, example: 'collective_workshop' }) modality!: string;
  @ApiProperty({ example: 90 }) durationMinutes!: number;
  @ApiProperty({ example: 1 }) priceInCheques!: number;
}

export class RedeemedChequeDto {
  @ApiProperty({ example: '••••-••••-••••-TA8P-W' }) maskedCode!: string;
  @ApiProperty({ example: 1000 }) faceValueCents!: number;
  @ApiProperty({ example: 'Pass numérique Gironde' }) programmeName!: string;
}

export class RedemptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  @ApiProperty({ example: 'Médiathèque de Mériadeck' }) placeName!: string;
  @ApiProperty({ type: RedeemedServiceDto, description: 'The service as it was when redeemed.' }) service!: RedeemedServiceDto;
  @ApiProperty({ type: [RedeemedChequeDto] }) cheques!: RedeemedChequeDto[];
  @ApiProperty({ example: 1 }) chequeCount!: number;
  @ApiProperty({ example: 1000 }) amountCents!: number;
  @ApiProperty({ example: '10,00\u202f€' }) amount!: string;
  @ApiProperty({ enum: REDEMPTION_CHANNELS }) channel!: RedemptionChannel;
  @ApiProperty({ format: 'date-time', description: 'When the cheques were scanned.' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the platform recorded it (later than occurredAt offline).' }) recordedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undoneAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) undoReason!: string | null;
}

export class RedemptionLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  @ApiProperty({ example: 'Médiathèque de Mériadeck' }) placeName!: string;
  @ApiProperty({ format: 'uuid' }) serviceId!: string;
  @ApiProperty({ format: 'uuid' }) serviceEntryId!: string;
  @ApiProperty({ example: 'Atelier « premiers pas sur ordinateur »' }) serviceName!: string;
  @ApiProperty({ example: 1 }) chequeCount!: number;
  @ApiProperty({ example: 1000 }) amountCents!: number;
  @ApiProperty({ example: '10,00\u202f€' }) amount!: string;
  @ApiProperty({ enum: REDEMPTION_CHANNELS }) channel!: string;
  @ApiProperty({ type: [String], example: ['••••-••••-••••-TA8P-W'] }) maskedCodes!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undoneAt!: string | null;
  @ApiProperty({ description: 'Paid to the place in a settlement batch.' }) settled!: boolean;
}

export class RedemptionTotalsDto {
  @ApiProperty({ example: 11 }) redemptions!: number;
  @ApiProperty({ example: 12 }) cheques!: number;
  @ApiProperty({ example: 12000 }) amountCents!: number;
  @ApiProperty({ example: '120,00\u202f€' }) amount!: string;
}

export class RedemptionPageDto {
  @ApiProperty({ type: [RedemptionLineDto] }) items!: RedemptionLineDto[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
  @ApiProperty({ example: 11 }) total!: number;
  @ApiProperty({ example: 1 }) totalPages!: number;
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
  @ApiProperty({ type: RedemptionTotalsDto, description: 'Of the whole selection, every page included.' }) totals!: RedemptionTotalsDto;
}

export class OfflinePlaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Médiathèque de Mériadeck' }) nom!: string;
  @ApiProperty({ example: '33063' }) communeCode!: string;
  @ApiProperty({ example: '33' }) departement!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) qualifiedUntil!: string | null;
  @ApiProperty() suspended!: boolean;
}

export class OfflineServiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ example: 'Atelier « premiers pas sur ordinateur »' }) name!: string;
  @ApiProperty({ example: 'Maîtrise des outils numériques du quotidien' }) category!: string;
  @ApiProperty({ example: 90 }) durationMinutes!: number;
  @ApiProperty({ example: 1 }) priceInCheques!: number;
}

export class OfflineProgrammeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Pass numérique Gironde' }) name!: string;
  @ApiProperty({ example: 1000 }) faceValueCents!: number;
  @ApiProperty({ format: 'date', example: '2027-01-01' }) validFrom!: string;
  @ApiProperty({ format: 'date', example: '2027-06-30' }) validUntil!: string;
  @ApiProperty({ example: 31 }) graceDays!: number;
  @ApiProperty({ type: [String], description: 'INSEE codes (départements or communes); empty: anywhere.', example: ['33'] })
  territoryCodes!: string[];
  @ApiProperty({ type: [String], description: 'Services of the national vocabulary; empty: any.', example: [] })
  eligibleServices!: string[];
}

export class OfflineBundleDto {
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'After this instant the scanner stops accepting cheques offline.' }) validUntil!: string;
  @ApiProperty({ type: [PublishedKeyDto] }) keys!: PublishedKeyDto[];
  @ApiProperty({ type: OfflinePlaceDto }) place!: OfflinePlaceDto;
  @ApiProperty({ type: [OfflineServiceDto] }) catalogue!: OfflineServiceDto[];
  @ApiProperty({ type: [OfflineProgrammeDto] }) programmes!: OfflineProgrammeDto[];
  @ApiProperty({ type: [String], description: 'SHA-256 (hex) of the normalised codes of cancelled cheques.' }) cancelledCheques!: string[];
  @ApiProperty({ example: 50, description: 'How many cheques may be queued before a sync is required.' }) maxQueuedCheques!: number;
}

export class SyncResultDto {
  @ApiProperty({ format: 'uuid', description: 'The id the scanner gave the item.' }) id!: string;
  @ApiProperty({ enum: ['accepted', 'conflict', 'refused'] }) status!: 'accepted' | 'conflict' | 'refused';
  @ApiPropertyOptional({ type: RedemptionDto, description: 'accepted: the redemption.' }) redemption?: RedemptionDto;
  @ApiPropertyOptional({ description: 'accepted: true when the item had already been synced.' }) replayed?: boolean;
  @ApiPropertyOptional({ description: 'conflict or refused: the stable reason.', example: 'already_redeemed' }) code?: string;
  @ApiPropertyOptional({ description: 'conflict or refused: the reason in plain French.' }) message?: string;
  @ApiPropertyOptional({ type: [ChequeOutcomeDto], description: "conflict or refused: each cheque's verdict." })
  cheques?: ChequeOutcomeDto[];
}

export class SyncResultsDto {
  @ApiProperty({ type: [SyncResultDto], description: 'One per item, in the order sent.' }) results!: SyncResultDto[];
}

export class FeedbackStatusDto {
  @ApiProperty({ description: 'The cheque has been used and nobody has rated it yet.' }) invited!: boolean;
  @ApiProperty({ description: 'The cheque has been rated.' }) given!: boolean;
}

export class PlaceRatingsDto {
  @ApiProperty({ example: 6 }) answers!: number;
  @ApiProperty({ description: 'False below minimumAnswers: the figures are then null.' }) shown!: boolean;
  @ApiProperty({ example: 5 }) minimumAnswers!: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.3 }) averageRating!: number | null;
  @ApiProperty({ type: [Number], nullable: true, description: 'Answers per rating, 1 to 5.', example: [0, 0, 1, 2, 3] })
  distribution!: number[] | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share (0 to 1) of "I learned something".', example: 0.83 })
  learnedShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share (0 to 1) of "my problem is solved".', example: 0.67 }) solvedShare!:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share (0 to 1) of "I will come back".', example: 1 }) willReturnShare!:
    number | null;
}
