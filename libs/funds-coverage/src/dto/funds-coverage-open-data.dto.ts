/** The funds coverage open dataset as the OpenAPI document describes it. */
import { ApiProperty } from '@nestjs/swagger';
import type { DocumentSchema } from '@app/access';
import { OpenDataLicenceDto } from '@app/places';

export class FundsCoverageRowDto {
  @ApiProperty({ description: 'Month, YYYY-MM.', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-11' }) mois!: string;
  @ApiProperty({ description: 'The day of the figure: the last computed day of the month.', example: '2026-11-30' }) jour!: string;
  @ApiProperty({ description: 'The month is over (otherwise the figure is provisional).' }) mois_termine!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Coverage ratio in %, decimal point; null without a balance or liabilities.',
    example: '108.25',
  })
  taux_couverture_pourcent!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Confirmed balance of the segregated account, euros.', example: '27062.00' })
  solde_confirme_euros!: string | null;
  @ApiProperty({ description: 'What the platform owed, euros.', example: '25000.00' }) sommes_dues_euros!: string;
  @ApiProperty({ enum: ['couvert', 'sous_100', 'aucun_solde'] }) etat!: string;
}

export class FundsCoverageOpenDataDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ format: 'uri', description: 'The TableSchema of the rows.' }) schema!: string;
  @ApiProperty({ format: 'date-time', description: 'When a day was last computed.' }) updated!: string;
  @ApiProperty({ type: [FundsCoverageRowDto] }) data!: FundsCoverageRowDto[];
}

/** A Frictionless TableSchema document (its columns under `fields`). */
export const TABLE_SCHEMA_DOCUMENT: DocumentSchema = {
  type: 'object',
  required: ['fields', 'primaryKey'],
  description: 'The columns of funds-coverage.csv: name, type, title and constraints of each.',
  externalDocs: { description: 'Frictionless Table Schema', url: 'https://specs.frictionlessdata.io/table-schema/' },
};
