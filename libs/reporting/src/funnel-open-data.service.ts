/**
 * The open usage funnel (Licence Ouverte 2.0): per month of hand-out (months over by the last refresh)
 * and département of the commune of hand-out, the booklets handed out, those with a cheque used, those
 * wholly used and those expired, the value handed out and used, the share used and the median days to
 * first use. Booklets handed out count people: each month is published on its own by the secrecy rule
 * (libs/domain small-cells.ts), its lines split into not yet used / partly used / wholly used adding up
 * to the booklets handed out; a line whose booklets are hidden hides its values, share and median too.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { centsToDecimal, departementOfCommune, isSecret, type PublishedCount, publishCounts, SECRET, weightedMedian } from '@app/domain';
import { type CachedDocument, MonthlyOpenData } from './monthly-open-data';

export const FUNNEL_COLUMNS = [
  'mois',
  'code_departement',
  'carnets_remis',
  'premier_cheque_utilise',
  'carnets_entierement_utilises',
  'carnets_expires',
  'valeur_remise_euros',
  'valeur_utilisee_euros',
  'part_valeur_utilisee',
  'delai_median_jours',
  'secret_statistique',
] as const;

export type FunnelOpenRow = Record<(typeof FUNNEL_COLUMNS)[number], string | number | boolean | null>;

/** The line of the booklets handed out without a commune. */
const UNKNOWN = 'inconnu';

/** When the funnel schema's text was last edited (its ETag also follows SMALL_CELL_THRESHOLD, which it quotes). */
const FUNNEL_SCHEMA_EDITED = new Date('2026-12-07T00:00:00Z');

interface FunnelFact {
  month: string;
  commune_code: string;
  delay_days: number;
  booklets: number;
  first_used: number;
  fully_used: number;
  expired: number;
  handed_out_cents: string;
  used_cents: string;
}

@Injectable()
export class FunnelOpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monthly: MonthlyOpenData,
  ) {}

  get threshold(): number {
    return this.monthly.threshold;
  }

  async rows(): Promise<FunnelOpenRow[]> {
    const facts: FunnelFact[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM') AS month, commune_code, delay_days, sum(booklets)::int AS booklets,
              sum(first_used)::int AS first_used, sum(fully_used)::int AS fully_used, sum(expired)::int AS expired,
              sum(handed_out_cents)::bigint AS handed_out_cents, sum(used_cents)::bigint AS used_cents
         FROM reporting_funnel_facts WHERE handed_out AND day < $1::date
        GROUP BY 1, 2, 3`,
      [await this.monthly.firstMonthNotOver()],
    );
    return this.monthly.byMonth(facts, (month, monthFacts) => this.monthRows(month, monthFacts));
  }

  private monthRows(month: string, facts: FunnelFact[]): FunnelOpenRow[] {
    const k = this.threshold;
    const departementOfFact = (fact: FunnelFact): string => (fact.commune_code ? departementOfCommune(fact.commune_code) : UNKNOWN);
    const departements = [...new Set(facts.map(departementOfFact))].sort();
    const groups = departements.map((departement) => facts.filter((fact) => departementOfFact(fact) === departement));
    const sum = (group: FunnelFact[], pick: (fact: FunnelFact) => number): number => group.reduce((total, fact) => total + pick(fact), 0);
    // Nothing else in the dataset adds these up: its margins are absent but the booklets of each line (shown).
    const states = publishCounts(
      {
        cells: groups.map((group) => [
          sum(group, (fact) => fact.booklets - fact.first_used),
          sum(group, (fact) => fact.first_used - fact.fully_used),
          sum(group, (fact) => fact.fully_used),
        ]),
        rowTotals: 'shown',
        columnTotals: 'absent',
        grandTotal: 'absent',
      },
      k,
    );
    const expired = publishCounts(
      {
        cells: groups.map((group) => [sum(group, (fact) => fact.expired)]),
        rowTotals: 'absent',
        columnTotals: 'absent',
        grandTotal: 'absent',
      },
      k,
    );
    const add = (a: PublishedCount | null, b: PublishedCount | null): PublishedCount =>
      isSecret(a) || isSecret(b) ? SECRET : (a ?? 0) + (b ?? 0);
    return departements.map((departement, d) => {
      const group = groups[d];
      const handedOut = states.rowTotals[d];
      const shown = !isSecret(handedOut);
      const handedOutCents = sum(group, (fact) => Number(fact.handed_out_cents));
      const usedCents = sum(group, (fact) => Number(fact.used_cents));
      const delays = group.filter((fact) => fact.delay_days >= 0).map((fact) => ({ value: fact.delay_days, weight: fact.first_used }));
      const usedBy = delays.reduce((total, delay) => total + delay.weight, 0);
      return {
        mois: month,
        code_departement: departement,
        carnets_remis: handedOut,
        premier_cheque_utilise: add(states.cells[d][1], states.cells[d][2]),
        carnets_entierement_utilises: states.cells[d][2] ?? 0,
        carnets_expires: expired.cells[d][0] ?? 0,
        valeur_remise_euros: shown ? centsToDecimal(handedOutCents) : null,
        valeur_utilisee_euros: shown ? centsToDecimal(usedCents) : null,
        part_valeur_utilisee: shown && handedOutCents > 0 ? Math.round((usedCents / handedOutCents) * 1000) / 1000 : null,
        delai_median_jours: shown && usedBy >= k ? weightedMedian(delays) : null,
        secret_statistique: [handedOut, states.cells[d][1], states.cells[d][2], expired.cells[d][0]].some((cell) => isSecret(cell ?? 0)),
      };
    });
  }

  async funnelCsv(): Promise<CachedDocument> {
    return this.monthly.csv(FUNNEL_COLUMNS, await this.rows(), await this.monthly.refreshed(), 'entonnoir-pass-numerique.csv');
  }

  async funnelJson(): Promise<CachedDocument> {
    return this.monthly.json('funnel.schema.json', await this.rows(), await this.monthly.refreshed());
  }

  /** The TableSchema (Frictionless) of funnel.csv. */
  funnelSchema(): CachedDocument {
    const k = this.threshold;
    const count = (name: string, title: string) => ({ name, type: 'integer', title, constraints: { minimum: 0 } });
    return this.monthly.schema(
      {
        name: 'entonnoir-pass-numerique',
        title: 'Entonnoir d’usage des carnets de Pass numérique, par mois de remise et département',
        description: `Carnets remis à des personnes (un carnet remis, une personne) dans le mois, par département de la commune indiquée à la remise, et ce qu’ils sont devenus depuis. Mois terminés seulement. Secret statistique : les effectifs de moins de ${k} carnets, et ceux qui permettraient de les retrouver, valent « ${SECRET} » ; quand les carnets remis d’une ligne sont masqués, ses valeurs, sa part et son délai sont vides.`,
        monthTitle: 'Mois de la remise',
        fields: [
          {
            name: 'code_departement',
            type: 'string',
            title: `Code du département de la commune indiquée à la remise (« ${UNKNOWN} » : non renseignée)`,
            constraints: { required: true, pattern: `[0-9AB]{2,3}|${UNKNOWN}` },
          },
          count('carnets_remis', 'Carnets remis'),
          count('premier_cheque_utilise', 'Carnets dont au moins un chèque a été utilisé'),
          count('carnets_entierement_utilises', 'Carnets dont tous les chèques ont été utilisés'),
          count('carnets_expires', 'Carnets dont au moins un chèque a expiré sans être utilisé'),
          { name: 'valeur_remise_euros', type: 'number', title: 'Valeur des chèques remis, en euros', constraints: { minimum: 0 } },
          { name: 'valeur_utilisee_euros', type: 'number', title: 'Valeur des chèques utilisés, en euros', constraints: { minimum: 0 } },
          {
            name: 'part_valeur_utilisee',
            type: 'number',
            title: 'Valeur utilisée / valeur remise (0 à 1)',
            constraints: { minimum: 0, maximum: 1 },
          },
          {
            name: 'delai_median_jours',
            type: 'number',
            title: `Délai médian entre la remise et le premier chèque utilisé, en jours (vide sous ${k} carnets utilisés)`,
            constraints: { minimum: 0 },
          },
          { name: 'secret_statistique', type: 'boolean', title: 'Ligne dont un effectif est masqué', constraints: { required: true } },
        ],
        primaryKey: ['mois', 'code_departement'],
      },
      FUNNEL_SCHEMA_EDITED,
    );
  }
}
