import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { formatEuros, MAX_AMOUNT_INPUT_CENTS, PROGRAMME_STATUSES, type ProgrammeStatus, SERVICES, type Service } from '@app/domain';
import type { ProgrammeEntity } from '../entities/programme.entity';
import { orderAmounts } from '../programme-amounts';
import { IsCalendarDay } from '@app/access';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateProgrammeDto {
  @ApiProperty({ description: 'Name of the programme, printed on the booklets.', example: 'Pass numérique Gironde 2027' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(120)
  name!: string;

  @ApiProperty({ description: 'Face value of one cheque, in euro cents (1 € to 1,000 €).', example: 1000 })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(100)
  @Max(100_000)
  faceValueCents!: number;

  @ApiPropertyOptional({ description: 'Cheques per booklet (1 to 50).', example: 10, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  chequesPerBooklet?: number;

  @ApiProperty({ description: 'Number of booklets ordered (1 to 100,000).', example: 500 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  bookletCount!: number;

  @ApiProperty({ description: 'First day cheques may be used (YYYY-MM-DD).', example: '2027-01-01' })
  @IsCalendarDay()
  validFrom!: string;

  @ApiProperty({ description: 'Last day printed on the cheques (YYYY-MM-DD).', example: '2027-12-31' })
  @IsCalendarDay()
  validUntil!: string;

  @ApiPropertyOptional({
    description: 'Days after the last day during which places may still redeem (0 to 365).',
    example: 31,
    default: 31,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  graceDays?: number;

  @ApiPropertyOptional({
    description: 'INSEE codes of départements ("33", "2A", "974") and communes ("33063") where cheques may be used; empty = anywhere.',
    example: ['33'],
    default: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsString({ each: true })
  territoryCodes?: string[];

  @ApiPropertyOptional({
    description: 'Services of the national vocabulary the cheques pay for; empty = any.',
    enum: SERVICES,
    isArray: true,
    example: ['Aide aux démarches administratives'],
    default: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SERVICES, { each: true, message: 'each value must be a service of the national vocabulary' })
  eligibleServices?: Service[];

  @ApiPropertyOptional({
    type: String,
    description: 'Title on the booklet cover (null: none).',
    example: 'Votre Pass numérique',
    nullable: true,
    maxLength: 80,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(80)
  coverTitle?: string | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Short text on the booklet cover (null: none).',
    example: 'Offert par le Département de la Gironde pour apprendre le numérique près de chez vous.',
    nullable: true,
    maxLength: 400,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(400)
  coverText?: string | null;
}

/** Only the fields sent change (so the create DTO sets no defaults: PartialType would copy them). */
export class UpdateProgrammeDto extends PartialType(CreateProgrammeDto) {}

export class RecordFundingDto {
  @ApiProperty({ description: 'Amount received, in euro cents (at least the total due).', example: 5_000_000 })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(1)
  @Max(MAX_AMOUNT_INPUT_CENTS)
  amountCents!: number;

  @ApiProperty({ description: 'Day the money was received (YYYY-MM-DD).', example: '2026-11-20' })
  @IsCalendarDay()
  receivedOn!: string;

  @ApiProperty({ description: 'Bank or accounting reference of the payment.', example: 'VIR-2026-11-000123' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(140)
  reference!: string;
}

export class ProgrammeQueryDto {
  @ApiPropertyOptional({ description: 'Only programmes in this status.', enum: PROGRAMME_STATUSES })
  @IsOptional()
  @IsIn(PROGRAMME_STATUSES)
  status?: ProgrammeStatus;
}

export class OrderSummaryDto {
  @ApiProperty({ description: 'Number of cheques.', example: 5000 })
  chequeCount!: number;

  @ApiProperty({ description: 'Total face value, cents.', example: 5_000_000 })
  faceValueTotalCents!: number;

  @ApiProperty({ description: "Operator's fee rate, basis points (250 = 2.5 %).", example: 0 })
  operatorFeeBasisPoints!: number;

  @ApiProperty({ description: "Operator's fee, cents.", example: 0 })
  operatorFeeCents!: number;

  @ApiProperty({ description: 'Total the funder pays before cheques can be used, cents.', example: 5_000_000 })
  totalDueCents!: number;

  @ApiProperty({ description: 'The same, formatted in French.', example: '50 000,00 €' })
  totalDue!: string;
}

export class ProgrammeDto {
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  id!: string;

  @ApiProperty({ description: 'Short code starting every booklet serial.', example: '7K3F' })
  code!: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2027' })
  name!: string;

  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  funderOrganisationId!: string;

  @ApiProperty({ enum: PROGRAMME_STATUSES, example: 'draft' })
  status!: ProgrammeStatus;

  @ApiProperty({ example: 1000 })
  faceValueCents!: number;

  @ApiProperty({ example: 10 })
  chequesPerBooklet!: number;

  @ApiProperty({ example: 500 })
  bookletCount!: number;

  @ApiProperty({ example: '2027-01-01' })
  validFrom!: string;

  @ApiProperty({ example: '2027-12-31' })
  validUntil!: string;

  @ApiProperty({ example: 31 })
  graceDays!: number;

  @ApiProperty({ type: [String], example: ['33'] })
  territoryCodes!: string[];

  @ApiProperty({ enum: SERVICES, isArray: true, example: [] })
  eligibleServices!: Service[];

  @ApiProperty({ nullable: true, type: String, example: 'Votre Pass numérique' })
  coverTitle!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  coverText!: string | null;

  @ApiProperty({ description: 'Type of the cover logo, if one was sent.', nullable: true, type: String, example: 'image/png' })
  coverLogoType!: string | null;

  @ApiProperty({ type: OrderSummaryDto })
  order!: OrderSummaryDto;

  @ApiProperty({ description: 'Funding as recorded by the operator, once received.', nullable: true, type: Object, example: null })
  funding!: { amountCents: number; receivedOn: string; reference: string } | null;

  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  orderedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  fundedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  activatedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  closedAt!: string | null;

  static from(programme: ProgrammeEntity, currentFeeBasisPoints: number): ProgrammeDto {
    const amounts = orderAmounts(programme, programme.operatorFeeBasisPoints ?? currentFeeBasisPoints);
    return {
      id: programme.id,
      code: programme.code,
      name: programme.name,
      funderOrganisationId: programme.funderOrganisationId,
      status: programme.status,
      faceValueCents: programme.faceValueCents,
      chequesPerBooklet: programme.chequesPerBooklet,
      bookletCount: programme.bookletCount,
      validFrom: programme.validFrom,
      validUntil: programme.validUntil,
      graceDays: programme.graceDays,
      territoryCodes: programme.territoryCodes,
      eligibleServices: programme.eligibleServices,
      coverTitle: programme.coverTitle,
      coverText: programme.coverText,
      coverLogoType: programme.coverLogoType,
      order: { ...amounts, totalDue: formatEuros(amounts.totalDueCents) },
      funding:
        programme.fundingAmountCents !== null && programme.fundingReceivedOn && programme.fundingReference
          ? {
              amountCents: Number(programme.fundingAmountCents),
              receivedOn: programme.fundingReceivedOn,
              reference: programme.fundingReference,
            }
          : null,
      createdAt: programme.createdAt.toISOString(),
      orderedAt: programme.orderedAt?.toISOString() ?? null,
      fundedAt: programme.fundedAt?.toISOString() ?? null,
      activatedAt: programme.activatedAt?.toISOString() ?? null,
      closedAt: programme.closedAt?.toISOString() ?? null,
    };
  }
}

export class BookletRangeDto {
  @ApiPropertyOptional({ description: 'First booklet number to print (default 1).', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ description: 'Last booklet number to print (default: the last one).', example: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}
