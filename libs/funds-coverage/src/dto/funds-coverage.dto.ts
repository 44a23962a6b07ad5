import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDay, IsSpreadsheetSafe } from '@app/access';
import { BALANCE_SOURCES, type BalanceSource, type CoverageState, MAX_AMOUNT_INPUT_CENTS } from '@app/domain';
import type { CoverageBalanceEntity } from '../entities/coverage-balance.entity';
import type { CoverageDayEntity } from '../entities/coverage-day.entity';
import type { CoverageNow } from '../funds-coverage.service';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const STATES: CoverageState[] = ['covered', 'below', 'no_balance'];

/** The balance is sent in the query; the bank statement (PDF) is the body. */
export class BalanceEntryQueryDto {
  @ApiProperty({ description: "The account's balance at the end of the statement's day, in cents.", example: 2_500_000 })
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(0)
  @Max(MAX_AMOUNT_INPUT_CENTS)
  balanceCents!: number;

  @ApiProperty({ description: "The statement's day (YYYY-MM-DD), today at the latest.", example: '2026-12-04' })
  @IsCalendarDay()
  balanceOn!: string;

  @ApiPropertyOptional({ description: "The statement's reference at the bank.", example: 'RELEVE-2026-12-04' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(140)
  @IsSpreadsheetSafe()
  bankReference?: string;

  @ApiPropertyOptional({ description: "The statement file's name.", example: 'releve-decembre.pdf' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

export class WithdrawBalanceDto {
  @ApiProperty({
    description: 'Why the balance is withdrawn (kept on it and in the audit trail).',
    example: 'Montant mal saisi',
    maxLength: 500,
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(500)
  @IsSpreadsheetSafe()
  reason!: string;
}

export class CoverageBalanceDto {
  @ApiProperty({ example: '0d0c8a52-8a0b-4a5d-9f0e-2f4f6b1c2d3e' })
  id!: string;

  @ApiProperty({
    enum: BALANCE_SOURCES,
    description: 'Entered by hand with its statement, or from an imported bank statement.',
    example: 'manual',
  })
  source!: BalanceSource;

  @ApiProperty({ example: 2_500_000 })
  balanceCents!: number;

  @ApiProperty({ example: '2026-12-04' })
  balanceOn!: string;

  @ApiProperty({ nullable: true, type: String, example: 'RELEVE-2026-12-04' })
  bankReference!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'releve-decembre.pdf' })
  statementFileName!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Who entered it (null when imported).' })
  enteredByUserId!: string | null;

  @ApiProperty({ example: '2026-12-05T09:00:00.000Z' })
  enteredAt!: string;

  @ApiProperty({ nullable: true, type: String, description: 'The second operator admin who confirmed it.' })
  confirmedByUserId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-12-05T10:00:00.000Z' })
  confirmedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Withdrawn before any confirmation (a wrong entry): never counted.' })
  withdrawnAt!: string | null;

  @ApiProperty({ nullable: true, type: String }) withdrawnByUserId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Montant mal saisi' }) withdrawalReason!: string | null;

  static from(row: CoverageBalanceEntity): CoverageBalanceDto {
    return {
      id: row.id,
      source: row.source,
      balanceCents: Number(row.balanceCents),
      balanceOn: row.balanceOn,
      bankReference: row.bankReference,
      statementFileName: row.statementFileName,
      enteredByUserId: row.enteredByUserId,
      enteredAt: row.enteredAt.toISOString(),
      confirmedByUserId: row.confirmedByUserId,
      confirmedAt: row.confirmedAt?.toISOString() ?? null,
      withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      withdrawnByUserId: row.withdrawnByUserId,
      withdrawalReason: row.withdrawalReason,
    };
  }
}

export class LiabilitiesDto {
  @ApiProperty({ description: 'Funded cheques neither used, expired nor cancelled, handed out or still in stock.', example: 1_200_000 })
  outstandingCents!: number;

  @ApiProperty({ description: 'Part of the outstanding already handed out to people.', example: 800_000 })
  handedOutCents!: number;

  @ApiProperty({ description: 'Part of the outstanding still in stock.', example: 400_000 })
  notHandedOutCents!: number;

  @ApiProperty({ description: 'Redemptions not yet paid to places.', example: 150_000 })
  placePayableCents!: number;

  @ApiProperty({ description: "Funders' credits not yet refunded.", example: 50_000 })
  funderCreditsCents!: number;

  @ApiProperty({ description: 'Total the account must hold.', example: 1_400_000 })
  totalCents!: number;
}

export class CoverageDayDto {
  @ApiProperty({ example: '2026-12-07' })
  day!: string;

  @ApiProperty({ description: 'The instant its liabilities were read at.', example: '2026-12-06T23:00:00.000Z' })
  liabilitiesAt!: string;

  @ApiProperty({ nullable: true, type: Number, example: 2_500_000 })
  balanceCents!: number | null;

  @ApiProperty({ example: 1_400_000 })
  liabilitiesCents!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'Basis points (10 000 = 100 %).', example: 17_857 })
  ratioBasisPoints!: number | null;

  @ApiProperty({ enum: STATES, example: 'covered' })
  state!: CoverageState;

  static from(row: CoverageDayEntity): CoverageDayDto {
    return {
      day: row.day,
      liabilitiesAt: row.liabilitiesAt.toISOString(),
      balanceCents: row.balanceCents === null ? null : Number(row.balanceCents),
      liabilitiesCents: Number(row.liabilitiesCents),
      ratioBasisPoints: row.ratioBasisPoints === null ? null : Number(row.ratioBasisPoints),
      state: row.state,
    };
  }
}

export class FundsCoverageDto {
  @ApiProperty({ description: 'The instant the ledger was read at.', example: '2026-12-07T10:30:00.000Z' })
  computedAt!: string;

  @ApiProperty({ enum: STATES, description: 'covered (≥ 100 %), below, or no_balance (no confirmed balance yet).', example: 'covered' })
  state!: CoverageState;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Confirmed balance / liabilities in basis points (10 000 = 100 %).',
    example: 17_857,
  })
  ratioBasisPoints!: number | null;

  @ApiProperty({
    description:
      'The instant the compared liabilities were read at: the end of the balance’s day, or when a balance of the day was entered.',
    example: '2026-12-06T23:00:00.000Z',
  })
  liabilitiesAt!: string;

  @ApiProperty({ type: LiabilitiesDto, description: 'What the ledger owed at liabilitiesAt: the ratio’s denominator.' })
  liabilities!: LiabilitiesDto;

  @ApiProperty({ type: LiabilitiesDto, description: 'What the ledger owes now (the next statement must cover it).' })
  liabilitiesNow!: LiabilitiesDto;

  @ApiProperty({ type: CoverageBalanceDto, nullable: true, description: 'The confirmed balance the ratio uses (the latest day).' })
  balance!: CoverageBalanceDto | null;

  @ApiProperty({ description: 'Whether a new programme may be activated now.', example: true })
  activationAllowed!: boolean;

  @ApiProperty({ type: [CoverageBalanceDto], description: 'Balances waiting for a second operator admin.' })
  awaitingConfirmation!: CoverageBalanceDto[];

  @ApiProperty({ type: [CoverageDayDto], description: 'The last 31 days computed, newest first.' })
  days!: CoverageDayDto[];

  static from(coverage: CoverageNow, awaiting: CoverageBalanceEntity[], days: CoverageDayEntity[]): FundsCoverageDto {
    return {
      computedAt: coverage.computedAt.toISOString(),
      state: coverage.state,
      ratioBasisPoints: coverage.ratioBasisPoints,
      liabilitiesAt: coverage.liabilitiesAt.toISOString(),
      liabilities: { ...coverage.liabilities },
      liabilitiesNow: { ...coverage.liabilitiesNow },
      balance: coverage.balanceRecord ? CoverageBalanceDto.from(coverage.balanceRecord) : null,
      activationAllowed: coverage.activationAllowed,
      awaitingConfirmation: awaiting.map((row) => CoverageBalanceDto.from(row)),
      days: days.map((row) => CoverageDayDto.from(row)),
    };
  }
}
