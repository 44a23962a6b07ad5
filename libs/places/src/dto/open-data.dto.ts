import { ApiProperty } from '@nestjs/swagger';
import { DATA_INCLUSION_SCHEMA_URL, DATA_INCLUSION_VERSION, type DataInclusionProblem } from '../domain/data-inclusion';

export class OpenDataLicenceDto {
  @ApiProperty({ example: 'Licence Ouverte / Open Licence version 2.0' }) name!: string;
  @ApiProperty({ example: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }) url!: string;
}

export class DataInclusionSchemaDto {
  @ApiProperty({ example: 'data·inclusion' }) name!: string;
  @ApiProperty({ example: DATA_INCLUSION_VERSION }) version!: string;
  @ApiProperty({ example: DATA_INCLUSION_SCHEMA_URL }) url!: string;
}

export class DataInclusionProblemDto implements DataInclusionProblem {
  @ApiProperty({ description: "The place's national-schema id." }) id!: string;
  @ApiProperty({ example: 'Médiathèque Flora Tristan' }) nom!: string;
  @ApiProperty({ description: 'The national-schema field at fault.', example: 'courriels' }) field!: string;
  @ApiProperty({ example: 'no address is a plain ASCII e-mail address (RFC 5322)' }) problem!: string;
  @ApiProperty({
    enum: ['place_not_exported', 'value_left_out'],
    description: 'place_not_exported: the place is in neither list; value_left_out: the place is exported without this value.',
  })
  effect!: DataInclusionProblem['effect'];
}

export class DataInclusionExportDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ type: DataInclusionSchemaDto }) schema!: DataInclusionSchemaDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `One per qualified place, valid against the data·inclusion v1 structure schema (${DATA_INCLUSION_SCHEMA_URL}/structure.json).`,
  })
  structures!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `One « Médiation numérique » service per structure, valid against the v1 service schema (${DATA_INCLUSION_SCHEMA_URL}/service.json); frais_precisions says the Pass numérique is accepted.`,
  })
  services!: object[];
  @ApiProperty({
    type: [DataInclusionProblemDto],
    description: 'Every qualified place not exported, and every value left out of an exported one, with why. Empty when all is exported.',
  })
  problems!: DataInclusionProblemDto[];
}
