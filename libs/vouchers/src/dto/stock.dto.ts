import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsSpreadsheetSafe } from '@app/access';
import { STOCK_TRANSFER_STATUSES, type StockTransferStatus } from '../entities/stock-transfer.entity';
import type { StockTransfer } from '../stock-transfers.service';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RequestTransferDto {
  @ApiProperty({ description: 'Programme whose booklets are transferred.', example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  @IsUUID('all', { message: 'must be a UUID' })
  programmeId!: string;

  @ApiProperty({
    description: 'The distributor receiving them (one holding booklets of the programme).',
    example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a',
  })
  @IsUUID('all', { message: 'must be a UUID' })
  toDistributorOrganisationId!: string;

  @ApiProperty({
    description: 'How many booklets, not handed out, from your stock (the lowest numbers).',
    example: 5,
    minimum: 1,
    maximum: 500,
  })
  @IsInt()
  @Min(1)
  @Max(500)
  bookletCount!: number;

  @ApiPropertyOptional({ description: 'Why (optional): for the person who decides.', example: 'Permanence fermée jusqu’en mars' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSpreadsheetSafe()
  reason?: string;
}

export class ApproveTransferDto {
  @ApiPropertyOptional({ description: 'A word for the distributors (optional).', example: 'D’accord, merci de prévenir la MDS.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @IsSpreadsheetSafe()
  note?: string;
}

export class RefuseTransferDto {
  @ApiProperty({
    description: 'Why the transfer is refused (told to the distributors).',
    example: 'Ces carnets sont prévus pour la campagne de janvier.',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  @IsSpreadsheetSafe()
  note!: string;
}

export class DestinationsQueryDto {
  @ApiProperty({ description: 'The programme of the booklets to transfer.', example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' })
  @IsUUID('all', { message: 'must be a UUID' })
  programmeId!: string;
}

export class DistributorDto {
  @ApiProperty({ example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) id!: string;
  @ApiProperty({ example: 'Maison départementale des solidarités de Bordeaux' }) name!: string;
}

export class TransferBookletDto {
  @ApiProperty({ example: '7K3F-00012' }) serial!: string;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'At approval: moved, or kept by the requester because handed out or cancelled meanwhile; null before a decision.',
    example: true,
  })
  moved!: boolean | null;
}

export class StockTransferDto {
  @ApiProperty({ example: '5e2c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) id!: string;
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' }) programmeId!: string;
  @ApiProperty({ example: 'Pass numérique Gironde 2027' }) programmeName!: string;
  @ApiProperty({ example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) fromDistributorOrganisationId!: string;
  @ApiProperty({ example: 'CCAS de Bordeaux' }) fromDistributorName!: string;
  @ApiProperty({ example: '7a1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) toDistributorOrganisationId!: string;
  @ApiProperty({ example: 'Maison départementale des solidarités de Bordeaux' }) toDistributorName!: string;
  @ApiProperty({ enum: STOCK_TRANSFER_STATUSES, example: 'pending' }) status!: StockTransferStatus;
  @ApiProperty({ nullable: true, type: String, example: 'Permanence fermée jusqu’en mars' }) reason!: string | null;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) requestedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-24T10:00:00.000Z' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Ces carnets sont prévus pour la campagne de janvier.' }) decisionNote!:
    string | null;
  @ApiProperty({ type: [TransferBookletDto] }) booklets!: TransferBookletDto[];

  static from(transfer: StockTransfer): StockTransferDto {
    return {
      ...transfer,
      requestedAt: new Date(transfer.requestedAt).toISOString(),
      decidedAt: transfer.decidedAt ? new Date(transfer.decidedAt).toISOString() : null,
    };
  }
}

export class IdleBookletDto {
  @ApiProperty({ example: '7K3F-00012' }) serial!: string;
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' }) programmeId!: string;
  @ApiProperty({ example: 'Pass numérique Gironde 2027' }) programmeName!: string;
  @ApiProperty({ example: '9d1c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) distributorOrganisationId!: string;
  @ApiProperty({ example: 'CCAS de Bordeaux' }) distributorName!: string;
  @ApiProperty({ description: 'Day the booklet reached its holder (allocation or transfer).', example: '2026-09-01' }) allocatedOn!: string;
}

export class IdleStockDto {
  @ApiProperty({ description: 'Days in stock without a cheque handed out after which a booklet is idle.', example: 60 }) idleDays!: number;
  @ApiProperty({ type: [IdleBookletDto] }) booklets!: IdleBookletDto[];
}
