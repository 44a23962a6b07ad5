import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { AGE_BANDS, type AgeBand, SERVICES, type Service, SITUATIONS, type Situation } from '@app/domain';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ReissueBookletDto {
  @ApiProperty({
    description: 'Serial of the new booklet given to the person (typed or scanned), of the same programme.',
    example: '7K3F-00013',
  })
  @Transform(trim)
  @IsString()
  @Matches(/^[0-9A-Za-z]{4}-\d{5}$/, { message: 'must look like 7K3F-00012' })
  newBookletSerial!: string;
}

export class ReissueProfileDto {
  @ApiProperty({ nullable: true, enum: AGE_BANDS, example: '60_74' }) ageBand!: AgeBand | null;
  @ApiProperty({ nullable: true, enum: SITUATIONS, example: 'retraite' }) situation!: Situation | null;
  @ApiProperty({ nullable: true, type: String, description: 'INSEE code of the commune given at the hand-out.', example: '33063' })
  communeCode!: string | null;
  @ApiProperty({ enum: SERVICES, isArray: true, example: ['Aide aux démarches administratives'] }) needs!: Service[];
}

export class ReissuePreviewDto {
  @ApiProperty({ example: '7K3F-00012' }) serial!: string;
  @ApiProperty({ example: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' }) programmeId!: string;
  @ApiProperty({ example: 'Pass numérique Gironde 2027' }) programmeName!: string;
  @ApiProperty({ example: 1000 }) faceValueCents!: number;
  @ApiProperty({ example: 10 }) chequesPerBooklet!: number;
  @ApiProperty({ description: 'Cheques handed out and not used yet: the new booklet carries as many.', example: 7 })
  remainingCheques!: number;
  @ApiProperty({ example: 7000 }) remainingValueCents!: number;
  @ApiProperty({ description: 'Day of the lost booklet’s hand-out.', example: '2026-10-02' }) handedOutOn!: string;
  @ApiProperty({ type: ReissueProfileDto, description: 'The anonymous profile recorded at the hand-out, carried over as it is.' })
  profile!: ReissueProfileDto;
}

export class SurplusPositionsDto {
  @ApiProperty({ example: 8 }) from!: number;
  @ApiProperty({ example: 10 }) to!: number;
}

export class ReissueResultDto {
  @ApiProperty({ example: '1b2c7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }) reissueId!: string;
  @ApiProperty({ example: '7K3F-00012' }) lostBookletSerial!: string;
  @ApiProperty({ example: '7K3F-00013' }) newBookletSerial!: string;
  @ApiProperty({ description: 'The new hand-out (same anonymous profile).', example: '2c3d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' })
  handOutId!: string;
  @ApiProperty({ description: 'Cheques of the lost booklet cancelled.', example: 7 }) chequesCancelled!: number;
  @ApiProperty({ description: 'Cheques of the new booklet handed out: numbers 1 to this.', example: 7 }) chequesHandedOut!: number;
  @ApiProperty({ example: 7000 }) valueCents!: number;
  @ApiProperty({
    type: SurplusPositionsDto,
    nullable: true,
    description: 'Cheque numbers of the new booklet beyond the remaining value, cancelled: to be torn out before handing it over.',
  })
  surplusPositions!: SurplusPositionsDto | null;
}
