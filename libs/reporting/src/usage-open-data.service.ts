/**
 * The open usage dataset (Licence Ouverte 2.0): per month × territory × service category, the
 * cheques redeemed, their value and the number of places active. The territory is the commune of the
 * place when that commune counts at least COMMUNE_DETAIL_FACTOR × K cheques in the month, otherwise
 * the rest of its département. Months appear once they are over (a month in progress would change
 * under a reader's eyes: two copies a day apart would give that day). Cells of fewer than K cheques
 * read « secret » (the dashboards' rule, libs/domain small-cells.ts; no total is published here, so no
 * other cell needs hiding). Plus the portal's catalogue (JSON-LD DCAT-AP) of every open dataset.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { centsToDecimal, entityTag, isSecret, publishCounts, SECRET } from '@app/domain';
import { FundsCoverageOpenDataService } from '@app/funds-coverage';
import { OpenDataService } from '@app/places';
import { departementOf } from './dashboard.service';
import { type CachedDocument, cachedDocument, MonthlyOpenData, OPEN_LICENCE, PORTAL_CONTENT_TYPES } from './monthly-open-data';
import { openDataCatalog } from './open-data-catalog';

/** A commune gets its own rows from this many times the threshold of cheques in a month. */
const COMMUNE_DETAIL_FACTOR = 4;

export const USAGE_COLUMNS = [
  'mois',
  'niveau_territoire',
  'code_territoire',
  'territoire',
  'categorie_service',
  'cheques_utilises',
  'montant_euros',
  'lieux_actifs',
  'secret_statistique',
] as const;

export type UsageRow = Record<(typeof USAGE_COLUMNS)[number], string | number | boolean | null>;

/** When the usage schema's text was last edited (its ETag also follows SMALL_CELL_THRESHOLD, which it quotes). */
const USAGE_SCHEMA_EDITED = new Date('2026-12-07T00:00:00Z');

interface UsageFact {
  month: string;
  code_insee: string | null;
  commune: string;
  category: string;
  place_id: string;
  cheques: number;
  amount_cents: string;
}

@Injectable()
export class UsageOpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monthly: MonthlyOpenData,
    private readonly placesOpenData: OpenDataService,
    private readonly fundsCoverage: FundsCoverageOpenDataService,
  ) {}

  get threshold(): number {
    return this.monthly.threshold;
  }

  async rows(): Promise<UsageRow[]> {
    const facts: UsageFact[] = await this.dataSource.query(
      `SELECT to_char(f.day, 'YYYY-MM') AS month, pl.code_insee, pl.commune, f.category, f.place_id,
              sum(f.cheques)::int AS cheques, sum(f.amount_cents)::bigint AS amount_cents
         FROM reporting_facts f JOIN places pl ON pl.id = f.place_id
        WHERE f.breakdown = 'place_service' AND f.measure = 'redeemed' AND f.day < $1::date
        GROUP BY 1, 2, 3, 4, 5`,
      [await this.monthly.firstMonthNotOver()],
    );
    return this.monthly.byMonth(facts, (month, monthFacts) => this.monthRows(month, monthFacts));
  }

  private monthRows(month: string, facts: UsageFact[]): UsageRow[] {
    const k = this.threshold;
    const communeTotals = new Map<string, number>();
    for (const fact of facts)
      if (fact.code_insee) communeTotals.set(fact.code_insee, (communeTotals.get(fact.code_insee) ?? 0) + fact.cheques);
    const zoneOf = (fact: UsageFact): { key: string; level: string; code: string; label: string } => {
      if (!fact.code_insee) return { key: 'inconnu', level: 'inconnu', code: '', label: 'Territoire non renseigné' };
      if ((communeTotals.get(fact.code_insee) ?? 0) >= COMMUNE_DETAIL_FACTOR * k) {
        return { key: `c${fact.code_insee}`, level: 'commune', code: fact.code_insee, label: fact.commune };
      }
      const departement = departementOf(fact.code_insee);
      return { key: `d${departement}`, level: 'departement', code: departement, label: `Département ${departement} (autres communes)` };
    };
    const zones = new Map<string, ReturnType<typeof zoneOf>>();
    for (const fact of facts) zones.set(zoneOf(fact).key, zoneOf(fact));
    const zoneKeys = [...zones.keys()].sort();
    const categories = [...new Set(facts.map((fact) => fact.category))].sort();
    const cell = (zone: string, category: string) => {
      const inCell = facts.filter((fact) => zoneOf(fact).key === zone && fact.category === category);
      return {
        cheques: inCell.reduce((sum, fact) => sum + fact.cheques, 0),
        amountCents: inCell.reduce((sum, fact) => sum + Number(fact.amount_cents), 0),
        places: new Set(inCell.map((fact) => fact.place_id)).size,
      };
    };
    const cells = zoneKeys.map((zone) => categories.map((category) => cell(zone, category)));
    // Nothing adds these cells up in the dataset: each stands alone (margins absent).
    const published = publishCounts(
      { cells: cells.map((row) => row.map((value) => value.cheques)), rowTotals: 'absent', columnTotals: 'absent', grandTotal: 'absent' },
      k,
    );
    const hidden = published.cells.map((row) => row.map(isSecret));
    const rows: UsageRow[] = [];
    zoneKeys.forEach((zone, r) =>
      categories.forEach((category, c) => {
        const value = cells[r][c];
        if (value.cheques === 0 && !hidden[r][c]) return;
        const secret = hidden[r][c];
        const { level, code, label } = zones.get(zone)!;
        rows.push({
          mois: month,
          niveau_territoire: level,
          code_territoire: code,
          territoire: label,
          categorie_service: category,
          cheques_utilises: secret ? SECRET : value.cheques,
          montant_euros: secret ? null : centsToDecimal(value.amountCents),
          lieux_actifs: secret ? null : value.places,
          secret_statistique: secret,
        });
      }),
    );
    return rows;
  }

  async usageCsv(): Promise<CachedDocument> {
    return this.monthly.csv(USAGE_COLUMNS, await this.rows(), await this.monthly.refreshed(), 'usage-pass-numerique.csv');
  }

  async usageJson(): Promise<CachedDocument> {
    return this.monthly.json('usage.schema.json', await this.rows(), await this.monthly.refreshed());
  }

  /** The TableSchema (Frictionless) of usage.csv. */
  usageSchema(): CachedDocument {
    const k = this.threshold;
    const schema = {
      $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
      name: 'usage-pass-numerique',
      title: 'Usage du Pass numérique par mois, territoire et catégorie de service',
      description: `Chèques utilisés dans les lieux qualifiés, agrégés, par mois terminé. Secret statistique : les cases de moins de ${k} chèques valent « ${SECRET} » ; leur montant et leur nombre de lieux sont alors vides.`,
      licenses: [{ name: 'etalab-2.0', title: OPEN_LICENCE.name, path: OPEN_LICENCE.url }],
      missingValues: ['', SECRET],
      fields: [
        { name: 'mois', type: 'string', title: 'Mois', constraints: { required: true, pattern: '\\d{4}-(0[1-9]|1[0-2])' } },
        {
          name: 'niveau_territoire',
          type: 'string',
          title: 'Niveau du territoire',
          description:
            'commune (communes d’au moins ' +
            COMMUNE_DETAIL_FACTOR * k +
            ' chèques dans le mois), departement (les autres communes du département), inconnu',
          constraints: { required: true, enum: ['commune', 'departement', 'inconnu'] },
        },
        {
          name: 'code_territoire',
          type: 'string',
          title: 'Code INSEE de la commune ou du département',
          constraints: { pattern: '[0-9AB]{2,5}' },
        },
        { name: 'territoire', type: 'string', title: 'Nom du territoire', constraints: { required: true } },
        {
          name: 'categorie_service',
          type: 'string',
          title: 'Catégorie de service (vocabulaire « services » du schéma national)',
          constraints: { required: true },
        },
        { name: 'cheques_utilises', type: 'integer', title: 'Chèques utilisés', constraints: { minimum: 0 } },
        { name: 'montant_euros', type: 'number', title: 'Valeur des chèques utilisés, en euros', constraints: { minimum: 0 } },
        { name: 'lieux_actifs', type: 'integer', title: 'Lieux ayant encaissé au moins un chèque', constraints: { minimum: 0 } },
        { name: 'secret_statistique', type: 'boolean', title: 'Case masquée (secret statistique)', constraints: { required: true } },
      ],
      primaryKey: ['mois', 'niveau_territoire', 'code_territoire', 'categorie_service'],
    };
    return this.monthly.schema(schema, USAGE_SCHEMA_EDITED);
  }

  /** The catalogue of the open datasets, JSON-LD DCAT-AP (open-data-catalog.ts), dated as each dataset's Last-Modified. */
  async catalog(): Promise<CachedDocument> {
    const [placesVersion, registerVersion, usage, fundsCoverage] = await Promise.all([
      this.placesOpenData.placesVersion(),
      this.placesOpenData.registerVersion(),
      this.monthly.refreshed(),
      this.fundsCoverage.lastModified(),
    ]);
    const dates = { places: placesVersion.modified, register: registerVersion.modified, usage, fundsCoverage };
    const body = JSON.stringify(openDataCatalog(this.monthly.publicUrl, dates, this.threshold));
    const modified = new Date(Math.max(...Object.values(dates).map((date) => date.getTime())));
    // Dates only count whole seconds: two changes within one second must still give the catalogue a new tag.
    const document = cachedDocument(body, PORTAL_CONTENT_TYPES.catalog, modified);
    return { ...document, etag: entityTag(`${body}\n${placesVersion.version}\n${registerVersion.version}`) };
  }
}
