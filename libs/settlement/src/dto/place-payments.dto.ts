import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  CSV_FORMAT_PROBLEM,
  CSV_FORMATS,
  type CsvFormat,
  type DelayFigures,
  type PaymentStage,
  SETTLEMENT_CADENCES,
  type SettlementCadence,
  WEEKDAYS,
  type Weekday,
} from '@app/domain';
import type { PaymentDelays } from '../payment-delays.service';
import type { PlacePaymentLine, PlacePayments, ToReceiveGroup } from '../place-payments.service';

export class PlacePaymentsQueryDto {
  @ApiPropertyOptional({ description: 'Operator only (required there): the place organisation.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId?: string;
}

export class PlacePaymentsCsvQueryDto extends PlacePaymentsQueryDto {
  @ApiPropertyOptional({ enum: CSV_FORMATS, description: 'rfc4180 (default) or excel-fr (semicolons, decimal comma).' })
  @IsOptional()
  @IsIn(CSV_FORMATS, { message: CSV_FORMAT_PROBLEM })
  format?: CsvFormat;
}

class ScheduleDto {
  @ApiProperty({ enum: SETTLEMENT_CADENCES, example: 'weekly' }) cadence!: SettlementCadence;
  @ApiProperty({ enum: WEEKDAYS, example: 'monday', description: 'Weekly only: the day whose midnight (Paris) cuts the batch.' })
  cutOffWeekday!: Weekday;
}

class ToReceiveGroupDto implements ToReceiveGroup {
  @ApiProperty({ description: 'The cut-off of the batch these redemptions wait for.' }) cutOff!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-12-08',
    description:
      'The day the money can be expected on the account (cut-off, approval and export the first bank business day, credited the next); null until the bank details are verified.',
  })
  expectedOn!: string | null;
  @ApiProperty({ example: 4_000 }) amountCents!: number;
  @ApiProperty() redemptionCount!: number;
  @ApiProperty() chequeCount!: number;
}

class PlacePaymentLineDto implements PlacePaymentLine {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'RB-2026-00012-0001' }) reference!: string;
  @ApiProperty({ example: 'RB-2026-00012' }) batchReference!: string;
  @ApiProperty() cutOff!: string;
  @ApiProperty({ example: 12_000 }) amountCents!: number;
  @ApiProperty() chequeCount!: number;
  @ApiProperty({ nullable: true, enum: ['to_approve', 'approved', 'sent_to_bank'], description: 'En cours only.' })
  stage!: PaymentStage | null;
  @ApiProperty({ nullable: true, type: String, example: 'Envoyé à la banque le 07/12/2026' }) stageText!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The day the batch was exported (never before).' }) sentToBankOn!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'En cours: the day the money can be expected.' }) expectedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) paidOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) bankReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The bank's reason." }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What the place does next (French).' }) advice!: string | null;
}

class ToReceiveDto {
  @ApiProperty() amountCents!: number;
  @ApiProperty() chequeCount!: number;
  @ApiProperty({ type: [ToReceiveGroupDto] }) groups!: ToReceiveGroupDto[];
}

class LinesPartDto {
  @ApiProperty() amountCents!: number;
  @ApiProperty({ type: [PlacePaymentLineDto] }) lines!: PlacePaymentLineDto[];
}

export class DelayDto implements DelayFigures {
  @ApiProperty({ description: 'Paid redemptions measured.' }) redemptionCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median days from the redemption to the booking day.' })
  medianDays!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '95th percentile of the same days.' }) p95Days!: number | null;
}

export class PlacePaymentsDto implements PlacePayments {
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ type: ScheduleDto }) schedule!: ScheduleDto;
  @ApiProperty({ description: 'False while the bank details are missing or not verified: nothing can be sent.' })
  bankDetailsVerified!: boolean;
  @ApiProperty({ type: ToReceiveDto, description: 'Redeemed, in no batch yet, grouped by the cut-off they wait for.' })
  toReceive!: ToReceiveDto;
  @ApiProperty({ type: LinesPartDto, description: 'In a batch, waiting for the approval, the export or the bank.' })
  inProgress!: LinesPartDto;
  @ApiProperty({ type: LinesPartDto }) paid!: LinesPartDto;
  @ApiProperty({ type: LinesPartDto, description: 'Sent back by the bank: the amount is to receive again.' }) rejected!: LinesPartDto;
  @ApiProperty({ type: DelayDto }) delay!: DelayDto;
}

class DepartementDelayDto extends DelayDto {
  @ApiProperty({ example: '33', description: 'The département of the place where the help was given (— when unknown).' })
  departement!: string;
}

export class PaymentDelaysDto implements PaymentDelays {
  @ApiProperty({ type: DelayDto, description: 'Every paid redemption.' }) overall!: DelayDto;
  @ApiProperty({ type: [DepartementDelayDto] }) departements!: DepartementDelayDto[];
}
