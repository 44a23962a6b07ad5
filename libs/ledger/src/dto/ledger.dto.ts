import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  LEDGER_ACCOUNT_KINDS,
  LEDGER_ENTRY_KINDS,
  MAX_AMOUNT_INPUT_CENTS,
  type LedgerAccountKind,
  type LedgerEntryKind,
} from '@app/domain';
import { LEDGER_INVARIANTS, type LedgerInvariant } from '../ledger-check';
import { RefundTransferDto } from './funder-refund-transfer.dto';
import { CursorQuery, IsCalendarDay, IsInstant, IsPageNumber, NEXT_CURSOR_PROPERTY } from '@app/access';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class BalancesQueryDto {
  @ApiPropertyOptional({ description: 'Balances at this instant (ISO 8601; default now).', example: '2026-11-30T23:59:59+01:00' })
  @IsOptional()
  @IsInstant()
  at?: Date;
}

export class AccountBalanceDto {
  @ApiProperty({
    description: 'Account key: kind, and the organisation or programme id.',
    example: 'funder:7f1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a',
  })
  account!: string;

  @ApiProperty({ description: 'Kind of account.', enum: LEDGER_ACCOUNT_KINDS, example: 'funder' })
  kind!: LedgerAccountKind;

  @ApiProperty({
    description: 'Funder or place organisation, or programme; null for bank and operator_fees.',
    nullable: true,
    type: String,
  })
  ref!: string | null;

  @ApiProperty({
    description: 'Name of the organisation or programme.',
    nullable: true,
    type: String,
    example: 'Département de la Gironde',
  })
  name!: string | null;

  @ApiProperty({ description: 'Balance in cents: debit positive, credit negative.', example: -150_000 })
  balanceCents!: number;

  @ApiProperty({ description: 'Number of postings up to that instant.', example: 12 })
  postings!: number;
}

export class BalancesDto {
  @ApiProperty({ description: 'The instant of the balances.', example: '2026-11-30T22:59:59.000Z' })
  at!: string;

  @ApiProperty({ type: [AccountBalanceDto] })
  accounts!: AccountBalanceDto[];
}

export class AccountEntriesQueryDto {
  @ApiProperty({ description: 'Account key ("bank", "operator_fees", or kind:uuid).', example: 'bank' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(80)
  account!: string;

  @ApiPropertyOptional({ description: 'Page number, from 1.', example: 1, default: 1 })
  @IsOptional()
  @IsPageNumber()
  page: number = 1;

  @ApiPropertyOptional({ description: 'Items per page (1 to 200).', example: 50, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;

  @CursorQuery()
  cursor?: string;
}

export class AccountEntryDto {
  @ApiProperty({ example: '42' })
  entryId!: string;

  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, example: 'redemption' })
  kind!: LedgerEntryKind;

  @ApiProperty({ description: 'What caused it (programme, redemption, refund, settlement line…).', example: 'c0a8…' })
  source!: string;

  @ApiProperty({ nullable: true, type: String })
  programmeId!: string | null;

  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ description: 'Bank reference or reason.', nullable: true, type: String })
  memo!: string | null;

  @ApiProperty({ description: 'Amount on this account, cents (debit positive).', example: 1000 })
  amountCents!: number;
}

export class AccountEntryPageDto {
  @ApiProperty({ type: [AccountEntryDto] })
  items!: AccountEntryDto[];

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 50 })
  pageSize!: number;

  @ApiProperty({ example: 120 })
  total!: number;

  @ApiProperty({ example: 3 })
  totalPages!: number;

  @ApiProperty(NEXT_CURSOR_PROPERTY)
  nextCursor!: string | null;
}

export class LedgerInvariantDto {
  @ApiProperty({ enum: LEDGER_INVARIANTS })
  invariant!: LedgerInvariant;

  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ example: 'the sum of all postings is zero' })
  description!: string;

  @ApiProperty({
    description: 'Offending rows (ids and amounts), 20 at most.',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  offenders!: Array<Record<string, unknown>>;

  @ApiProperty({ example: 0 })
  offenderCount!: number;
}

export class LedgerCheckDto {
  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' })
  checkedAt!: string;

  @ApiProperty({ example: 120 })
  entries!: number;

  @ApiProperty({ example: 300 })
  postings!: number;

  @ApiProperty({ type: [LedgerInvariantDto] })
  invariants!: LedgerInvariantDto[];
}

export class RecordRefundDto {
  @ApiProperty({ description: 'Amount paid back to the funder, in cents (at most what is refundable).', example: 25_000 })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(1)
  @Max(MAX_AMOUNT_INPUT_CENTS)
  amountCents!: number;

  @ApiProperty({ description: 'Day of the transfer (YYYY-MM-DD).', example: '2027-02-15' })
  @IsCalendarDay()
  paidOn!: string;

  @ApiProperty({ description: "The transfer's bank reference.", example: 'VIR-2027-02-000045' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(140)
  bankReference!: string;
}

export class RefundDto {
  @ApiProperty({ example: '3c1d…' })
  id!: string;

  @ApiProperty()
  programmeId!: string;

  @ApiProperty({ example: 25_000 })
  amountCents!: number;

  @ApiProperty({ example: '2027-02-15' })
  paidOn!: string;

  @ApiProperty({ example: 'VIR-2027-02-000045' })
  bankReference!: string;

  @ApiProperty({ example: '2027-02-15T10:00:00.000Z' })
  recordedAt!: string;
}

export class ProgrammeAccountsDto {
  @ApiProperty({ description: 'Face value of every cheque, as booked at funding (cents).', example: 200_000 })
  faceValueCents!: number;

  @ApiProperty({ description: 'Amount received from the funder.', example: 200_000 })
  receivedCents!: number;

  @ApiProperty({ description: "Operator's fee.", example: 0 })
  feeCents!: number;

  @ApiProperty({ description: 'Value of the cheques redeemed at places (undone ones excluded).', example: 11_000 })
  redeemedCents!: number;

  @ApiProperty({ example: 0 })
  expiredCents!: number;

  @ApiProperty({ example: 0 })
  cancelledCents!: number;

  @ApiProperty({ description: 'Funded cheques still usable.', example: 189_000 })
  outstandingCents!: number;

  @ApiProperty({ description: 'Still owed back to the funder (credit note).', example: 0 })
  refundableCents!: number;

  @ApiProperty({ description: 'Already paid back.', example: 0 })
  refundedCents!: number;

  @ApiProperty({ description: 'Is the order statement available (programme funded)?' })
  orderStatementAvailable!: boolean;

  @ApiProperty({ description: 'Is the closing statement available (after the last day and grace, expiry done)?' })
  closingStatementAvailable!: boolean;

  @ApiProperty({ description: 'First day the closing statement can be available.', example: '2028-02-01' })
  closingAvailableFrom!: string;

  @ApiProperty({ type: [RefundDto], description: 'Refunds paid: typed by the operator, or transfers booked from the bank’s statement.' })
  refunds!: RefundDto[];

  @ApiProperty({ type: [RefundTransferDto], description: 'SEPA transfers paying the credit note back, with their deadline and status.' })
  refundTransfers!: RefundTransferDto[];
}
