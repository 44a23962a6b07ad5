/**
 * The open usage dataset (Licence Ouverte 2.0): per month × territory × service category, the
 * cheques redeemed, their value and the number of places active. The territory is the commune of the
 * place when that commune counts at least COMMUNE_DETAIL_FACTOR × K cheques in the month, otherwise
 * the rest of its département. Months appear once they are over (a month in progress would change
 * under a reader's eyes: two copies a day apart would give that day). Cells of fewer than K cheques
 * read « secret » (the dashboards' rule, libs/domain small-cells.ts; no total is published here, so no
 * other cell needs hiding). The monthly payment delay of places (p50, p95 per month of booking, for
 * France and per département of the place, by the rule of delayCellPublishable). Plus the portal's
 * catalogue (JSON-LD DCAT-AP) of every open dataset.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  centsToDecimal,
  delayCellPublishable,
  delayFigures,
  DELAY_MAX_PLACE_SHARE,
  DELAY_MIN_PLACES,
  entityTag,
  isSecret,
  type PublishedCount,
  publishCounts,
  SECRET,
  toHttpSecond,
  departementOfCommune,
} from '@app/domain';
import { FundsCoverageOpenDataService } from '@app/funds-coverage';
import { OpenDataService } from '@app/places';
import { byDepartementCode, type DelayCount, departementOfCount, PaymentDelaysService, UNKNOWN_DEPARTEMENT } from '@app/settlement';
import { type CachedDocument, cachedDocument, MonthlyOpenData, PORTAL_CONTENT_TYPES } from './monthly-open-data';
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

export const PAYMENT_DELAY_COLUMNS = [
  'mois',
  'niveau_territoire',
  'code_territoire',
  'encaissements_payes',
  'lieux_payes',
  'delai_median_jours',
  'delai_95_jours',
  'secret_statistique',
] as const;

export type PaymentDelayRow = Record<(typeof PAYMENT_DELAY_COLUMNS)[number], string | number | boolean | null>;

/** The département line of places without a commune code, and the code of the line of every place. */
const UNKNOWN_TERRITORY = 'inconnu';
const FRANCE = 'FR';

/** When the payment-delay schema's text was last edited (its ETag also follows SMALL_CELL_THRESHOLD, which it quotes). */
const PAYMENT_DELAY_SCHEMA_EDITED = new Date('2026-12-08T00:00:00Z');

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
    private readonly paymentDelays: PaymentDelaysService,
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
      const departement = departementOfCommune(fact.code_insee);
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
    return this.monthly.schema(
      {
        name: 'usage-pass-numerique',
        title: 'Usage du Pass numérique par mois, territoire et catégorie de service',
        description: `Chèques utilisés dans les lieux qualifiés, agrégés, par mois terminé. Secret statistique : les cases de moins de ${k} chèques valent « ${SECRET} » ; leur montant et leur nombre de lieux sont alors vides.`,
        monthTitle: 'Mois',
        fields: [
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
      },
      USAGE_SCHEMA_EDITED,
    );
  }

  /** The payment delay of places per month of booking, for France then per département of the place. */
  async paymentDelayRows(): Promise<PaymentDelayRow[]> {
    const counts = await this.paymentDelays.counts({ bookedBefore: await this.monthly.firstMonthNotOver() });
    return this.monthly.byMonth(
      counts.map((count) => ({ ...count, month: count.bookedMonth })),
      (month, monthCounts) => this.paymentDelayMonthRows(month, monthCounts),
    );
  }

  /**
   * One month: its paid redemptions are counted as a table of départements whose total (France) is
   * shown, hidden by the secrecy rule; a line's percentiles are shown when its count is and
   * delayCellPublishable allows them.
   */
  private paymentDelayMonthRows(month: string, counts: DelayCount[]): PaymentDelayRow[] {
    const k = this.threshold;
    const departements = [...new Set(counts.map(departementOfCount))].sort(byDepartementCode);
    const groups = departements.map((departement) => counts.filter((count) => departementOfCount(count) === departement));
    const redemptions = (group: DelayCount[]): number => group.reduce((sum, count) => sum + count.redemptions, 0);
    const published = publishCounts(
      { cells: groups.map((group) => [redemptions(group)]), rowTotals: 'absent', columnTotals: 'shown', grandTotal: 'absent' },
      k,
    );
    const row = (level: string, code: string, group: DelayCount[], count: PublishedCount): PaymentDelayRow => {
      const perPlace = new Map<string, number>();
      for (const item of group) perPlace.set(item.placeId, (perPlace.get(item.placeId) ?? 0) + item.redemptions);
      const shown = !isSecret(count);
      const figures = shown && delayCellPublishable([...perPlace.values()], k) ? delayFigures(group) : null;
      return {
        mois: month,
        niveau_territoire: level,
        code_territoire: code,
        encaissements_payes: count,
        lieux_payes: shown ? perPlace.size : null,
        delai_median_jours: figures?.medianDays ?? null,
        delai_95_jours: figures?.p95Days ?? null,
        secret_statistique: figures === null,
      };
    };
    return [
      row('france', FRANCE, counts, published.columnTotals[0]),
      ...departements.map((departement, d) =>
        row('departement', departement === UNKNOWN_DEPARTEMENT ? UNKNOWN_TERRITORY : departement, groups[d], published.cells[d][0]!),
      ),
    ];
  }

  async paymentDelaysCsv(): Promise<CachedDocument> {
    return this.monthly.csv(
      PAYMENT_DELAY_COLUMNS,
      await this.paymentDelayRows(),
      await this.paymentDelaysModified(),
      'delais-paiement-lieux.csv',
    );
  }

  async paymentDelaysJson(): Promise<CachedDocument> {
    return this.monthly.json('payment-delays.schema.json', await this.paymentDelayRows(), await this.paymentDelaysModified());
  }

  /** The TableSchema (Frictionless) of payment-delays.csv. */
  paymentDelaysSchema(): CachedDocument {
    const k = this.threshold;
    const days = (name: string, title: string) => ({ name, type: 'integer', title, constraints: { minimum: 0 } });
    return this.monthly.schema(
      {
        name: 'delais-paiement-lieux',
        title: 'Délai de paiement des lieux par mois, en France et par département',
        description: `Pour chaque encaissement de chèques payé au lieu, les jours entre l’encaissement et la date où la banque a passé le virement ; par mois de ce paiement (mois terminés), pour la France puis par département du lieu. Secret statistique : les nombres de moins de ${k} encaissements, et ceux qui permettraient de les retrouver, valent « ${SECRET} » ; les délais d’une ligne ne sont donnés qu’à partir de ${k} encaissements payés à au moins ${DELAY_MIN_PLACES} lieux dont aucun n’a plus de ${DELAY_MAX_PLACE_SHARE * 100} % d’entre eux, sans quoi ils seraient le délai d’un lieu.`,
        monthTitle: 'Mois du paiement',
        fields: [
          {
            name: 'niveau_territoire',
            type: 'string',
            title: 'Niveau du territoire',
            description: 'france (tous les lieux), departement (les lieux du département)',
            constraints: { required: true, enum: ['france', 'departement'] },
          },
          {
            name: 'code_territoire',
            type: 'string',
            title: `Code du département du lieu (« ${FRANCE} » pour la France, « ${UNKNOWN_TERRITORY} » : commune du lieu non renseignée)`,
            constraints: { required: true, pattern: `${FRANCE}|[0-9AB]{2,3}|${UNKNOWN_TERRITORY}` },
          },
          { name: 'encaissements_payes', type: 'integer', title: 'Encaissements payés dans le mois', constraints: { minimum: 0 } },
          { name: 'lieux_payes', type: 'integer', title: 'Lieux payés dans le mois', constraints: { minimum: 0 } },
          days('delai_median_jours', 'Délai médian entre l’encaissement et le paiement, en jours'),
          days('delai_95_jours', 'Délai en jours dans lequel 95 % des encaissements ont été payés'),
          { name: 'secret_statistique', type: 'boolean', title: 'Délais de la ligne masqués', constraints: { required: true } },
        ],
        primaryKey: ['mois', 'niveau_territoire', 'code_territoire'],
      },
      PAYMENT_DELAY_SCHEMA_EDITED,
    );
  }

  /** The payment delays change at a refresh (a month is over) and with every payment or rejection recorded. */
  async paymentDelaysModified(): Promise<Date> {
    const [refreshed, lastChange] = await Promise.all([this.monthly.refreshed(), this.paymentDelays.lastChange()]);
    return toHttpSecond(new Date(Math.max(refreshed.getTime(), lastChange?.getTime() ?? 0)));
  }

  /** The catalogue of the open datasets, JSON-LD DCAT-AP (open-data-catalog.ts), dated as each dataset's Last-Modified. */
  async catalog(): Promise<CachedDocument> {
    const [placesVersion, registerVersion, usage, fundsCoverage, paymentDelays] = await Promise.all([
      this.placesOpenData.placesVersion(),
      this.placesOpenData.registerVersion(),
      this.monthly.refreshed(),
      this.fundsCoverage.lastModified(),
      this.paymentDelaysModified(),
    ]);
    const dates = { places: placesVersion.modified, register: registerVersion.modified, usage, fundsCoverage, paymentDelays };
    const body = JSON.stringify(openDataCatalog(this.monthly.publicUrl, dates, this.threshold));
    const modified = new Date(Math.max(...Object.values(dates).map((date) => date.getTime())));
    // Dates only count whole seconds: two changes within one second must still give the catalogue a new tag.
    const document = cachedDocument(body, PORTAL_CONTENT_TYPES.catalog, modified);
    return { ...document, etag: entityTag(`${body}\n${placesVersion.version}\n${registerVersion.version}`) };
  }
}
