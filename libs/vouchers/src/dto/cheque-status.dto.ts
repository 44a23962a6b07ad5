import { ApiProperty } from '@nestjs/swagger';
import { CHEQUE_VERDICTS, type ChequeVerdictCode } from '@app/domain';

export class ChequeVerdictDto {
  @ApiProperty({ description: 'Stable reason code.', enum: CHEQUE_VERDICTS, example: 'valid' })
  code!: ChequeVerdictCode;

  @ApiProperty({ description: 'True when the cheque can be used today.', example: true })
  usable!: boolean;

  @ApiProperty({
    description: 'The reason, in plain French, for the holder.',
    example:
      "Ce chèque est valable jusqu'au 31 décembre 2027 ; délai de grâce : les lieux l'acceptent encore jusqu'au 31 janvier 2028. Présentez-le dans un lieu de médiation numérique qualifié.",
  })
  message!: string;
}

export class PublicChequeDto {
  @ApiProperty({ example: 1000 })
  faceValueCents!: number;

  @ApiProperty({ example: '10,00 €' })
  faceValue!: string;

  @ApiProperty({ example: '2027-01-01' })
  validFrom!: string;

  @ApiProperty({ description: 'The last day printed on the cheque.', example: '2027-12-31' })
  validUntil!: string;

  @ApiProperty({
    description: 'The last day a place may still accept it: the printed day plus the programme’s grace period.',
    example: '2028-01-31',
  })
  redeemableUntil!: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2027' })
  programmeName!: string;

  @ApiProperty({ description: 'Where it can be used (INSEE codes); empty = anywhere.', type: [String], example: ['33'] })
  territoryCodes!: string[];

  @ApiProperty({ description: 'The map of places, filtered to the territory.', example: '/carte?territoire=33' })
  mapPath!: string;
}

export class ChequeStatusDto {
  @ApiProperty({ type: ChequeVerdictDto })
  verdict!: ChequeVerdictDto;

  @ApiProperty({ type: PublicChequeDto, nullable: true, description: 'Null for an unknown or mistyped code.' })
  cheque!: PublicChequeDto | null;
}

export class PublishedKeyDto {
  @ApiProperty({ description: 'Key id, named in each cheque QR code (parameter k).', example: 'ed25519-3f9a0c1b2d4e' })
  kid!: string;

  @ApiProperty({ example: 'EdDSA' })
  alg!: 'EdDSA';

  @ApiProperty({ example: 'Ed25519' })
  crv!: 'Ed25519';

  @ApiProperty({
    description: 'Raw 32-byte Ed25519 public key, base64url.',
    example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  })
  publicKey!: string;
}

export class PublishedKeysDto {
  @ApiProperty({ type: [PublishedKeyDto] })
  keys!: PublishedKeyDto[];
}
