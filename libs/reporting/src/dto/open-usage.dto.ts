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

const COUNT_OR_SECRET = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', enum: ['secret'] },
  ],
};

export class FunnelRowDto {
  @ApiProperty({ description: 'Month of the hand-out, YYYY-MM.', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }) mois!: string;
  @ApiProperty({ description: 'Département of the commune given at the hand-out; "inconnu" when none was.', example: '33' })
  code_departement!: string;
  @ApiProperty({ ...COUNT_OR_SECRET, description: 'Booklets handed out (one person each), or "secret".', example: 42 })
  carnets_remis!: number | string;
  @ApiProperty({ ...COUNT_OR_SECRET, description: 'Of them, with at least one cheque used, or "secret".', example: 30 })
  premier_cheque_utilise!: number | string;
  @ApiProperty({ ...COUNT_OR_SECRET, description: 'Of them, with every cheque used, or "secret".', example: 6 })
  carnets_entierement_utilises!: number | string;
  @ApiProperty({ ...COUNT_OR_SECRET, description: 'Of them, with a cheque expired unused, or "secret".', example: 0 })
  carnets_expires!: number | string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Value handed out in euros; null when the booklets are secret.',
    example: '4200.00',
  })
  valeur_remise_euros!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Value used in euros; null when the booklets are secret.', example: '1850.00' })
  valeur_utilisee_euros!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Value used / value handed out (0..1); null when secret.', example: 0.44 })
  part_valeur_utilisee!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median days from hand-out to first use; null when secret or too few.',
    example: 8,
  })
  delai_median_jours!: number | null;
  @ApiProperty({ description: 'A count of the row is hidden (statistical secrecy).' }) secret_statistique!: boolean;
}

export class FunnelOpenDataDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ format: 'uri', description: 'The TableSchema of the rows.' }) schema!: string;
  @ApiProperty({ format: 'date-time', description: 'When the figures were last computed.' }) updated!: string;
  @ApiProperty({ example: 5, description: 'Counts of fewer booklets than this are secret.' }) smallCellThreshold!: number;
  @ApiProperty({ type: [FunnelRowDto] }) data!: FunnelRowDto[];
}

export class PaymentDelayRowDto {
  @ApiProperty({ description: 'Month of the payment (booking day), YYYY-MM.', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' })
  mois!: string;
  @ApiProperty({ enum: ['france', 'departement'], description: 'France (every place) or one département of places.' })
  niveau_territoire!: string;
  @ApiProperty({ description: '"FR", the département of the place, or "inconnu" when its commune is not given.', example: '33' })
  code_territoire!: string;
  @ApiProperty({ ...COUNT_OR_SECRET, description: 'Paid redemptions booked in the month, or "secret".', example: 120 })
  encaissements_payes!: number | string;
  @ApiProperty({ type: Number, nullable: true, description: 'Places paid in the month; null when the count is secret.', example: 9 })
  lieux_payes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median days from redemption to payment; null when secret.', example: 5 })
  delai_median_jours!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '95th percentile of the same days; null when secret.', example: 9 })
  delai_95_jours!: number | null;
  @ApiProperty({ description: 'The delays of the row are hidden (statistical secrecy).' }) secret_statistique!: boolean;
}

export class PaymentDelaysOpenDataDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ format: 'uri', description: 'The TableSchema of the rows.' }) schema!: string;
  @ApiProperty({ format: 'date-time', description: 'When the figures last changed.' }) updated!: string;
  @ApiProperty({ example: 5, description: 'Counts of fewer paid redemptions than this are secret.' }) smallCellThreshold!: number;
  @ApiProperty({ type: [PaymentDelayRowDto] }) data!: PaymentDelayRowDto[];
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
