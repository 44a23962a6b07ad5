import { ApiProperty } from '@nestjs/swagger';
import { FUNDER_REFUND_TRANSFER_STATUSES, type FunderRefundTransferStatus } from '@app/domain';

/** The programme and funder a refund is about. */
class RefundProgrammeDto {
  @ApiProperty()
  programmeId!: string;

  @ApiProperty({ example: 'GIRONDE-2026' })
  programmeCode!: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2026' })
  programmeName!: string;

  @ApiProperty()
  funderOrganisationId!: string;

  @ApiProperty({ example: 'Département de la Gironde' })
  funderName!: string;
}

export class RefundTransferDto extends RefundProgrammeDto {
  @ApiProperty({ example: '5b0e2c1a-7d4f-4f1e-9a43-0c3e2b1d4a5f' })
  id!: string;

  @ApiProperty({
    description: 'The transfer’s reference: the pain.001 MsgId and the EndToEndId the bank repeats.',
    example: 'RF-2026-00001',
  })
  reference!: string;

  @ApiProperty({ description: 'The credit note paid back (cents).', example: 42_000 })
  amountCents!: number;

  @ApiProperty({
    enum: FUNDER_REFUND_TRANSFER_STATUSES,
    description:
      'prepared → approved (another operator) → exported (pain.001 at the bank) → paid or rejected; cancelled before the export.',
  })
  status!: FunderRefundTransferStatus;

  @ApiProperty({ description: 'The day the programme closed.', example: '2026-11-01' })
  closedOn!: string;

  @ApiProperty({ description: 'Last day to pay it: 30 days after the close.', example: '2026-12-01' })
  dueOn!: string;

  @ApiProperty({ description: 'Not paid and past its due day.' })
  overdue!: boolean;

  @ApiProperty({ example: '2026-11-01T08:00:00.000Z' })
  preparedAt!: string;

  @ApiProperty({ description: 'false when the job prepared it at the close.' })
  preparedByPerson!: boolean;

  @ApiProperty({ type: String, nullable: true })
  approvedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  exportedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The bank’s booking date of the payment.', example: '2026-11-06' })
  paidOn!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The bank’s reference of the payment.' })
  bankReference!: string | null;

  @ApiProperty({ type: String, nullable: true })
  rejectedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The bank’s reason in French (ISO code, label, what to do).' })
  rejectionReason!: string | null;
}

export class RefundToPrepareDto extends RefundProgrammeDto {
  @ApiProperty({ description: 'Still owed back to the funder (cents).', example: 42_000 })
  refundableCents!: number;

  @ApiProperty({ example: '2026-11-01' })
  closedOn!: string;

  @ApiProperty({ description: 'Last day to pay it: 30 days after the close.', example: '2026-12-01' })
  dueOn!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({
    enum: ['verified', 'submitted', 'rejected', 'missing'],
    description: 'The funder’s bank details: verified (the job prepares the transfer), submitted (to verify), rejected or missing.',
  })
  funderBankDetails!: 'verified' | 'submitted' | 'rejected' | 'missing';
}

export class RefundTransfersDto {
  @ApiProperty({ type: [RefundToPrepareDto], description: 'Closed programmes whose credit note no transfer pays yet, with the deadline.' })
  toPrepare!: RefundToPrepareDto[];

  @ApiProperty({ type: [RefundTransferDto], description: 'Every refund transfer, latest first (200 at most).' })
  transfers!: RefundTransferDto[];
}
