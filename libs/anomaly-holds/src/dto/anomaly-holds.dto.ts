import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import { ANOMALY_RULES, type AnomalyReason, type AnomalyRule, HOLD_STATUSES, type HoldStatus } from '../domain/anomaly-rules';
import { HOLD_FILTERS, type HoldFilter, type HoldView } from '../anomaly-holds.service';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class HoldsQueryDto {
  @ApiPropertyOptional({ enum: HOLD_FILTERS, description: 'waiting (default): held or a rejection proposed, what is to review.' })
  @IsOptional()
  @IsIn(HOLD_FILTERS, { message: `must be one of ${HOLD_FILTERS.join(', ')}` })
  status?: HoldFilter;
}

export class ReleaseHoldDto {
  @ApiPropertyOptional({
    description: 'What the check found (kept on the hold and in the audit trail).',
    example: 'Atelier du soir confirmé par la structure',
    maxLength: 500,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(500)
  note?: string;
}

export class RejectHoldDto {
  @ApiProperty({
    description: 'Why the redemption is refused (shown to the place once confirmed).',
    example: 'Aucun atelier ce soir-là',
    maxLength: 500,
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsSpreadsheetSafe()
  @MaxLength(500)
  reason!: string;
}

class AnomalyReasonDto implements AnomalyReason {
  @ApiProperty({ enum: ANOMALY_RULES }) rule!: AnomalyRule;
  @ApiProperty({ example: '6 chèques du carnet PN-2026-000123 encaissés dans ce lieu en moins d’une heure (au-delà de 4).' }) text!: string;
}

export class HoldDto implements HoldView {
  @ApiProperty() id!: string;
  @ApiProperty() redemptionId!: string;
  @ApiProperty({ description: 'The payee (place organisation).' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() placeId!: string;
  @ApiProperty() placeName!: string;
  @ApiProperty({ description: 'When the help was given.' }) occurredAt!: string;
  @ApiProperty({ example: 5_000 }) amountCents!: number;
  @ApiProperty() chequeCount!: number;
  @ApiProperty({ type: [AnomalyReasonDto], description: 'Every rule that flagged it.' }) reasons!: AnomalyReasonDto[];
  @ApiProperty({ enum: HOLD_STATUSES }) status!: HoldStatus;
  @ApiProperty() flaggedAt!: string;
  @ApiProperty({ description: 'The place undid the redemption while it was held: nothing is left to pay or refuse.' })
  redemptionUndone!: boolean;
  @ApiProperty({ nullable: true, type: String }) releasedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) releasedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) releaseNote!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first operator of a rejection.' }) rejectionProposedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionProposedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The second operator, who confirmed it.' }) rejectedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectedAt!: string | null;
}
