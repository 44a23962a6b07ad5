import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  CARRY_OVER_REASONS,
  type CarryOverReason,
  SETTLEMENT_BATCH_STATUSES,
  SETTLEMENT_LINE_STATUSES,
  type SettlementBatchStatus,
  type SettlementLineStatus,
} from '@app/domain';
import type { FunderPayment } from '../settlement-files.service';
import type { BatchSummary, BatchView, CarryOverView, LineView } from '../settlement-views';
import { IsCalendarDay, IsInstantInRange } from '@app/access';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateBatchDto {
  @ApiPropertyOptional({
    description:
      'The month to pay (YYYY-MM): redemptions recorded before the 1st of the next month, midnight in Paris. Default: the previous month.',
    example: '2026-05',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month as YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({
    description: 'Any other cut-off instant instead of a month (ISO 8601), not in the future.',
    example: '2026-06-15T00:00:00+02:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date and time' })
  @IsInstantInRange()
  cutOff?: string;
}

export class BankPaymentDto {
  @ApiProperty({
    description: 'Day the bank executed the transfer(s) (YYYY-MM-DD): from the day the batch was exported to today, Paris days.',
    example: '2026-06-05',
  })
  @IsCalendarDay()
  paidOn!: string;

  @ApiProperty({ description: "The bank's reference of the transfer or of the batch.", example: 'VIR-20260605-000123' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  bankReference!: string;
}

/** A reason in words: trimmed, not empty, at most 500 characters. */
function ReasonField(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, example, maxLength: 500 }),
    Transform(trim),
    IsString(),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(500),
  );
}

export class RejectLineDto {
  @ReasonField("The bank's reason (e.g. R-transaction code and label).", 'AC04 — compte clôturé')
  reason!: string;
}

export class CancelBatchDto {
  @ReasonField('Why the batch is cancelled (kept in the batch and the audit trail).', 'IBAN à revérifier')
  reason!: string;
}

export class LinesQueryDto {
  @ApiPropertyOptional({ description: "Operator only: one payee's lines." })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId?: string;
}

export class BatchSummaryDto implements BatchSummary {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'RB-2026-00012' }) reference!: string;
  @ApiProperty({ nullable: true, example: '2026-05', type: String }) month!: string | null;
  @ApiProperty({ description: 'Redemptions recorded before this instant are in the batch.' }) cutOff!: string;
  @ApiProperty({ enum: SETTLEMENT_BATCH_STATUSES }) status!: SettlementBatchStatus;
  @ApiProperty({ description: 'Sum of the lines, in cents.', example: 12_000 }) totalCents!: number;
  @ApiProperty() lineCount!: number;
  @ApiProperty({ description: 'Money due to payees carried over (no verified bank details), in cents.' }) carriedOverCents!: number;
  @ApiProperty({
    description: 'The operator who built it; null when the settlement job built it at its cut-off.',
    type: String,
    nullable: true,
  })
  createdBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) approvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) exportedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) paidAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The operator who cancelled it (before the export).' })
  cancelledBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'IBAN à revérifier' }) cancellationReason!: string | null;
}

export class LineDto implements LineView {
  @ApiProperty() id!: string;
  @ApiProperty() batchId!: string;
  @ApiProperty({ example: 'RB-2026-00012' }) batchReference!: string;
  @ApiProperty({ enum: SETTLEMENT_BATCH_STATUSES }) batchStatus!: SettlementBatchStatus;
  @ApiProperty({ nullable: true, type: String }) month!: string | null;
  @ApiProperty() cutOff!: string;
  @ApiProperty({ description: 'Also the EndToEndId of the transfer.', example: 'RB-2026-00012-0001' }) reference!: string;
  @ApiProperty({ description: 'The payee (place organisation).' }) organisationId!: string;
  @ApiProperty() payeeName!: string;
  @ApiProperty({ example: 12_000 }) amountCents!: number;
  @ApiProperty() redemptionCount!: number;
  @ApiProperty() chequeCount!: number;
  @ApiProperty({ description: 'Masked IBAN.', example: 'FR76 •••• •••• •••• •••• •••0 189' }) iban!: string;
  @ApiProperty() bic!: string;
  @ApiProperty() accountHolder!: string;
  @ApiProperty({ enum: SETTLEMENT_LINE_STATUSES }) status!: SettlementLineStatus;
  @ApiProperty({ nullable: true, type: String }) paidOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) bankReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason!: string | null;
}

export class CarryOverDto implements CarryOverView {
  @ApiProperty() organisationId!: string;
  @ApiProperty() payeeName!: string;
  @ApiProperty({ enum: CARRY_OVER_REASONS }) reason!: CarryOverReason;
  @ApiProperty({ example: 'Coordonnées bancaires pas encore vérifiées' }) reasonText!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() redemptionCount!: number;
  @ApiProperty() chequeCount!: number;
}

export class BatchDto extends BatchSummaryDto implements BatchView {
  @ApiProperty({ type: [LineDto] }) lines!: LineDto[];
  @ApiProperty({ type: [CarryOverDto] }) carryOvers!: CarryOverDto[];
}

export class FunderPaymentDto implements FunderPayment {
  @ApiProperty() programmeId!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ description: 'The payee (place organisation).' }) organisationId!: string;
  @ApiProperty() payeeName!: string;
  @ApiProperty() chequeCount!: number;
  @ApiProperty({ description: 'Face value of those cheques paid to the payee, in cents.' }) amountCents!: number;
}
