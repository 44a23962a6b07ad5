import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import type { ImportSummary, UnmatchedEntry } from '../bank-statements.service';

export class BankFileImportDto implements ImportSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['camt.053', 'camt.054', 'pain.002'] }) kind!: string;
  @ApiProperty({ description: "The bank's message identification (GrpHdr/MsgId)" }) messageId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ type: String, format: 'date-time' }) importedAt!: Date;
  @ApiProperty({ description: 'Entries that say something final about a transfer (booked, or rejected)' }) entryCount!: number;
  @ApiProperty({ description: 'Entries pending at the bank or merely accepted: nothing to book yet' }) ignoredCount!: number;
  @ApiProperty({ description: 'Entries applied to their settlement line (paid or rejected)' }) applied!: number;
  @ApiProperty({ description: 'Entries listed for a person (no matching transfer, different amount, refused answer)' }) unmatched!: number;
  @ApiProperty({ description: 'These bytes were imported before: nothing changed' }) alreadyImported!: boolean;
}

export class BankStatementEntryDto implements UnmatchedEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({
    enum: ['paid', 'rejected'],
    description: 'What the bank says: money left the account (paid) or a transfer was rejected or returned',
  })
  outcome!: string;
  @ApiProperty({ enum: ['unmatched', 'handled'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'EndToEndId given by the bank' }) endToEndId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) amountCents!: number | null;
  @ApiProperty({ format: 'date' }) bookingDate!: string;
  @ApiProperty() bankReference!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 20022 reason code' }) reasonCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reason in French' }) reasonLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) information!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a person must look at it (French)' }) problem!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) handledAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) handledNote!: string | null;
}

export class HandleEntryDto {
  @ApiProperty({
    description: 'What was done about this entry (kept in the audit trail)',
    example: 'Remboursement du financeur, rapproché à la main',
    maxLength: 500,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(500)
  @IsSpreadsheetSafe()
  note!: string;
}

export class UnmatchedQueryDto {
  @ApiPropertyOptional({ description: 'Also list the entries already handled', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  handled?: string;
}
