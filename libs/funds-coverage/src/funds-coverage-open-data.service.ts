/**
 * The monthly public figure of the funds coverage (Licence Ouverte 2.0): for each month, the coverage
 * of its last computed day — ratio, confirmed balance, what was owed, state. Operator-wide amounts
 * only: no person, no organisation. CSV through the one writer, JSON, and its TableSchema.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  centsToDecimal,
  type Clock,
  CLOCK,
  type CoverageState,
  csvFile,
  entityTag,
  localDate,
  monthlyCoverage,
  toHttpSecond,
} from '@app/domain';
import { OPEN_DATA_LICENCE } from '@app/places';
import { FundsCoverageService } from './funds-coverage.service';

export const COVERAGE_COLUMNS = [
  'mois',
  'jour',
  'mois_termine',
  'taux_couverture_pourcent',
  'solde_confirme_euros',
  'sommes_dues_euros',
  'etat',
] as const;

type CoverageRow = Record<(typeof COVERAGE_COLUMNS)[number], string | boolean | null>;

const STATE_VALUES: Record<CoverageState, string> = { covered: 'couvert', below: 'sous_100', no_balance: 'aucun_solde' };

export const COVERAGE_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  schema: 'application/schema+json; charset=utf-8',
} as const;

/** When the schema's text was last edited: also the dataset's date while nothing is computed yet. */
const COVERAGE_SCHEMA_EDITED = new Date('2026-12-07T00:00:00Z');

export interface CoverageDocument {
  body: string;
  contentType: string;
  fileName?: string;
  etag: string;
  lastModified: Date;
}

@Injectable()
export class FundsCoverageOpenDataService {
  private readonly publicUrl: string;

  constructor(
    private readonly coverage: FundsCoverageService,
    config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.publicUrl = config.getOrThrow<string>('PUBLIC_URL').replace(/\/$/, '');
  }

  /** The dataset's date: the last time a day was computed. */
  async lastModified(): Promise<Date> {
    return toHttpSecond((await this.coverage.lastRecordedAt()) ?? COVERAGE_SCHEMA_EDITED);
  }

  async rows(): Promise<CoverageRow[]> {
    const thisMonth = localDate(this.clock.now()).slice(0, 7);
    return monthlyCoverage(await this.coverage.coverageDays()).map((month) => ({
      mois: month.month,
      jour: month.day,
      mois_termine: month.month < thisMonth,
      taux_couverture_pourcent: month.ratioBasisPoints === null ? null : (month.ratioBasisPoints / 100).toFixed(2),
      solde_confirme_euros: month.balanceCents === null ? null : centsToDecimal(month.balanceCents),
      sommes_dues_euros: centsToDecimal(month.liabilitiesCents),
      etat: STATE_VALUES[month.state],
    }));
  }

  async csv(): Promise<CoverageDocument> {
    const rows = await this.rows();
    const body = csvFile(
      COVERAGE_COLUMNS,
      rows.map((row) => COVERAGE_COLUMNS.map((column) => row[column])),
    );
    return document(body, COVERAGE_CONTENT_TYPES.csv, await this.lastModified(), 'couverture-des-fonds.csv');
  }

  async json(): Promise<CoverageDocument> {
    const modified = await this.lastModified();
    const body = JSON.stringify({
      licence: OPEN_DATA_LICENCE,
      schema: `${this.publicUrl}/api/open-data/funds-coverage.schema.json`,
      updated: modified.toISOString(),
      data: await this.rows(),
    });
    return document(body, COVERAGE_CONTENT_TYPES.json, modified);
  }

  /** The TableSchema (Frictionless) of funds-coverage.csv. */
  schema(): CoverageDocument {
    const amount = (name: string, title: string) => ({ name, type: 'number', title, constraints: { minimum: 0 } });
    const schema = {
      $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
      name: 'couverture-des-fonds',
      title: 'Couverture des fonds du Pass numérique, par mois',
      description:
        'Pour chaque mois, le dernier jour calculé : le solde confirmé du compte cantonné de l’opérateur rapporté à ce que la plateforme doit (chèques financés encore utilisables, encaissements pas encore remboursés aux lieux, avoirs des financeurs pas encore reversés).',
      licenses: [{ name: 'etalab-2.0', title: OPEN_DATA_LICENCE.name, path: OPEN_DATA_LICENCE.url }],
      missingValues: [''],
      fields: [
        { name: 'mois', type: 'string', title: 'Mois', constraints: { required: true, pattern: '\\d{4}-(0[1-9]|1[0-2])' } },
        { name: 'jour', type: 'date', title: 'Jour du chiffre (le dernier calculé du mois)', constraints: { required: true } },
        { name: 'mois_termine', type: 'boolean', title: 'Mois terminé (sinon : chiffre provisoire)', constraints: { required: true } },
        {
          name: 'taux_couverture_pourcent',
          type: 'number',
          title: 'Taux de couverture, en %, arrondi au centième inférieur',
          constraints: { minimum: 0 },
        },
        amount('solde_confirme_euros', 'Solde confirmé du compte cantonné, en euros'),
        { ...amount('sommes_dues_euros', 'Sommes dues, en euros'), constraints: { required: true, minimum: 0 } },
        {
          name: 'etat',
          type: 'string',
          title: 'couvert (au moins 100 %), sous_100, aucun_solde (aucun solde encore confirmé)',
          constraints: { required: true, enum: Object.values(STATE_VALUES) },
        },
      ],
      primaryKey: ['mois'],
    };
    return document(JSON.stringify(schema), COVERAGE_CONTENT_TYPES.schema, COVERAGE_SCHEMA_EDITED);
  }
}

function document(body: string, contentType: string, lastModified: Date, fileName?: string): CoverageDocument {
  return { body, contentType, fileName, etag: entityTag(body), lastModified: toHttpSecond(lastModified) };
}
