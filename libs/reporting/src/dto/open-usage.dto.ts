/** The open usage dataset and the portal's documents as the OpenAPI document describes them. */
import { ApiProperty } from '@nestjs/swagger';
import type { DocumentSchema } from '@app/access';
import { OpenDataLicenceDto } from '@app/places';

export class UsageRowDto {
  @ApiProperty({ description: 'Month, YYYY-MM.', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }) mois!: string;
  @ApiProperty({ enum: ['commune', 'departement', 'inconnu'] }) niveau_territoire!: string;
  @ApiProperty({ description: 'INSEE code of the commune or département; empty when unknown.', example: '33063' }) code_territoire!: string;
  @ApiProperty({ example: 'Bordeaux' }) territoire!: string;
  @ApiProperty({ description: 'Service category (the national vocabulary "services").', example: 'Aide aux démarches administratives' })
  categorie_service!: string;
  @ApiProperty({
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', enum: ['secret'] },
    ],
    description: 'Cheques used, or "secret" when the cell is hidden (statistical secrecy: fewer than the threshold).',
    example: 12,
  })
  cheques_utilises!: number | string;
  @ApiProperty({ type: String, nullable: true, description: 'Their value in euros (decimal point); null when secret.', example: '120.00' })
  montant_euros!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Places that redeemed at least one; null when secret.', example: 2 })
  lieux_actifs!: number | null;
  @ApiProperty({ description: 'The cell is hidden (statistical secrecy).' }) secret_statistique!: boolean;
}

export class UsageOpenDataDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ format: 'uri', description: 'The TableSchema of the rows.' }) schema!: string;
  @ApiProperty({ format: 'date-time', description: 'When the figures were last computed.' }) updated!: string;
  @ApiProperty({ example: 5, description: 'Cells of fewer cheques than this are secret.' }) smallCellThreshold!: number;
  @ApiProperty({ type: [UsageRowDto] }) data!: UsageRowDto[];
}

/** The catalogue follows DCAT (its own vocabulary, not ours): described loosely here. */
export const CATALOG_SCHEMA: DocumentSchema = {
  type: 'object',
  description:
    'A DCAT catalogue (https://www.w3.org/TR/vocab-dcat-3/) of the open datasets: each dataset with its title, description, licence, update date, schema and distributions (download URL and media type).',
  externalDocs: { description: 'DCAT 3', url: 'https://www.w3.org/TR/vocab-dcat-3/' },
};

/** A Frictionless TableSchema: its fields, each with a name and type. */
export const TABLE_SCHEMA_SCHEMA: DocumentSchema = {
  type: 'object',
  required: ['fields'],
  properties: {
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'type'],
        properties: { name: { type: 'string', example: 'mois' }, type: { type: 'string', example: 'string' } },
      },
    },
  },
  externalDocs: { description: 'Frictionless Table Schema', url: 'https://specs.frictionlessdata.io/table-schema/' },
};
