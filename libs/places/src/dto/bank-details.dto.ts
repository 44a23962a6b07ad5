import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import { BANK_DETAILS_STATUSES, type BankDetailsStatus, maskIban } from '@app/domain';
import type { BankDetailsInput } from '../bank-details.service';
import type { BankDetailsEntity } from '../entities/bank-details.entity';

export class BankDetailsInputDto implements BankDetailsInput {
  @ApiProperty({ example: 'FR76 3000 6000 0112 3456 7890 189' }) @IsString() @MaxLength(50) iban!: string;
  @ApiProperty({ example: 'AGRIFRPP' }) @IsString() @MaxLength(15) bic!: string;
  @ApiProperty({ example: 'Association Les Clés du numérique' }) @IsString() @IsSpreadsheetSafe() @MaxLength(100) accountHolder!: string;
}

export class BankReviewDto {
  @ApiProperty({ enum: ['verified', 'rejected'] }) @IsIn(['verified', 'rejected']) verdict!: 'verified' | 'rejected';
  @ApiPropertyOptional({ description: 'Required to reject.', example: 'Le titulaire du RIB ne correspond pas.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class BankDetailsDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Les Clés du numérique' }) organisationName!: string | null;
  @ApiProperty({
    description: 'Full IBAN (only its owner and the operator can read these details).',
    example: 'FR7630006000011234567890189',
  })
  iban!: string;
  @ApiProperty({
    description: 'IBAN with all but the country and last four characters hidden, for display.',
    example: 'FR76 •••• •••• •••• •••• •••0 189',
  })
  ibanMasked!: string;
  @ApiProperty({ example: 'AGRIFRPP' }) bic!: string;
  @ApiProperty() accountHolder!: string;
  @ApiProperty({ enum: BANK_DETAILS_STATUSES }) status!: BankDetailsStatus;
  @ApiProperty({ type: String, nullable: true, example: 'rib.pdf' }) proofFileName!: string | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: String, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiProperty({ type: String, nullable: true }) supersededAt!: string | null;

  static from(details: BankDetailsEntity): BankDetailsDto {
    return {
      id: details.id,
      organisationId: details.organisationId,
      organisationName: details.organisation?.name ?? null,
      iban: details.iban,
      ibanMasked: maskIban(details.iban),
      bic: details.bic,
      accountHolder: details.accountHolder,
      status: details.status,
      proofFileName: details.proofFileName,
      submittedAt: new Date(details.submittedAt).toISOString(),
      reviewedAt: details.reviewedAt ? new Date(details.reviewedAt).toISOString() : null,
      reviewNote: details.reviewNote,
      supersededAt: details.supersededAt ? new Date(details.supersededAt).toISOString() : null,
    };
  }
}
