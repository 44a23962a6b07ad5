/**
 * The funder dashboard (its own programmes) and the operator's (every programme, plus places'
 * activity and the qualification pipeline), for one programme or all, over a period of days. It
 * reads the reporting facts (reporting-figures.sql.ts): the figures are those of the last refresh.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  type Dashboard,
  DASHBOARD_MEASURES,
  type DashboardMeasure,
  type DelayFigures,
  DEFAULT_SMALL_CELL_THRESHOLD,
  DomainError,
  isIsoDate,
  type IsoDate,
  localDate,
  SITUATION_LABELS,
  SITUATIONS,
  type Situation,
  type SeriesPoint,
  type Figure,
  type ReportRow,
  type ReportTable,
  weightedMedian,
  closedMonthsOf,
  formatFrenchDate,
  type CountTable,
  firstDayOfMonth,
  publishOverParts,
  isSmallCount,
  SECRET,
  shownTotal,
  type WholeMonths,
  departementOfCommune,
} from '@app/domain';
import { type PaymentDelays, PaymentDelaysService, UNKNOWN_DEPARTEMENT } from '@app/settlement';
import { ExpiryAlertsService } from './expiry-alerts.service';
import { FunnelService } from './funnel.service';
import { amountColumn, countColumn, figuresTable, peopleCell, textColumn, twoWayPeopleTable } from './report-table';
import { ReportingRefreshService } from './reporting-refresh.service';

export interface DashboardQuery {
  programmeId?: string;
  /** Days (Europe/Paris), inclusive; absent: from the beginning / until today. */
  from?: string;
  to?: string;
}

export const MODALITY_LABELS: Record<string, string> = {
  individual: 'Accompagnement individuel',
  collective_workshop: 'Atelier collectif',
  remote: 'À distance',
  self_service: 'En autonomie',
};

const NOT_GIVEN = 'Non renseigné';

/** Cheques used at places, and their value: the last two columns of the tables of redemptions. */
const USED_COLUMNS = [countColumn('cheques', 'Chèques utilisés'), amountColumn('amount')];

/** The operator's table of places' activity stops there (the national map counts tens of thousands of places). */
const PLACES_ACTIVITY_ROWS = 500;

interface Scope {
  parameters: [string | null, string | null, string | null, string];
  programmes: Array<{ id: string; name: string; code: string }>;
  /** The whole months over that the period touches: people are counted on those only (null: none). */
  months: WholeMonths | null;
}

/** The scope's parameters with the period widened to its whole months, for people counts. */
function peopleParameters(scope: Scope): Scope['parameters'] {
  return [scope.parameters[0], scope.parameters[1], scope.months?.from ?? null, scope.months?.to ?? '0001-01-01'];
}

/** One month of one programme: people counts are protected part by part, then added up. */
interface PeoplePart {
  programme_id: string;
  month: string;
}

function partsOf<T extends PeoplePart>(rows: T[], table: (rows: T[]) => CountTable): CountTable[] {
  const parts = new Map<string, T[]>();
  for (const row of rows) parts.set(`${row.programme_id}/${row.month}`, [...(parts.get(`${row.programme_id}/${row.month}`) ?? []), row]);
  return [...parts.values()].map(table);
}

/** The programmes in scope ($1 funder or null, $2 programme or null) and the period ($3, $4). */
const IN_SCOPE = `programme_id IN (SELECT id FROM programmes WHERE ($1::uuid IS NULL OR funder_organisation_id = $1) AND ($2::uuid IS NULL OR id = $2))`;
const IN_PERIOD = (column: string): string => `${column} BETWEEN coalesce($3::date, '-infinity'::date) AND $4::date`;

/** Before any refresh: earlier than any month, so that none is over. */
const NO_REFRESH_DAY = '1900-01-01' as IsoDate;

@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshes: ReportingRefreshService,
    private readonly alerts: ExpiryAlertsService,
    private readonly funnels: FunnelService,
    private readonly paymentDelays: PaymentDelaysService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get threshold(): number {
    return this.config.get<number>('SMALL_CELL_THRESHOLD') ?? DEFAULT_SMALL_CELL_THRESHOLD;
  }

  async dashboard(actor: AuthenticatedActor, query: DashboardQuery): Promise<Dashboard> {
    const scope = await this.scope(actor, query);
    const [refreshedAt, totals, series, handOuts, tables, alerts, funnel, delays] = await Promise.all([
      this.refreshes.refreshedAt(),
      this.totals(scope),
      this.series(scope),
      this.handOutFigures(scope),
      this.tables(actor, scope),
      this.alerts.forFundersAndOperator(actor, query.programmeId),
      this.usageFunnel(scope),
      actor.organisationKind === 'operator' ? this.placePaymentDelays(scope) : null,
    ]);
    if (delays) tables.push(paymentDelaysTable(delays));
    tables.unshift(
      stepsTable(totals),
      seriesTable('mois', 'Chèques par mois', 'Mois', series.month),
      seriesTable('semaines', 'Chèques par semaine', 'Semaine du', series.week),
      ...funnel.tables,
    );
    return {
      scope: { programmeId: query.programmeId ?? null, programmes: scope.programmes, from: scope.parameters[2], to: scope.parameters[3] },
      peoplePeriod: scope.months,
      refreshedAt: refreshedAt?.toISOString() ?? null,
      smallCellThreshold: this.threshold,
      totals,
      ...handOuts,
      series,
      paymentDelay: delays?.overall ?? null,
      funnel: funnel.funnel,
      tables,
      alerts,
    };
  }

  /** The usage funnel of the scope's programmes (funnel.service.ts), its tables after the key figures'. */
  private usageFunnel(scope: Scope): ReturnType<FunnelService['funnel']> {
    const [funderId, programmeId, from, to] = scope.parameters;
    return this.funnels.funnel({ funderId, programmeId, distributorId: null, from, to });
  }

  /**
   * Operator: how long places waited for the money of the period's redemptions (the programme's), as
   * the « Remboursements » page measures it (PaymentDelaysService). Live, not from the rollup: it
   * reads the bank's booking days.
   */
  private placePaymentDelays(scope: Scope): Promise<PaymentDelays> {
    const [, programmeId, redeemedFrom, redeemedTo] = scope.parameters;
    return this.paymentDelays.figures({ programmeId, redeemedFrom: redeemedFrom as IsoDate | null, redeemedTo: redeemedTo as IsoDate });
  }

  /** One table of the dashboard (for its CSV). */
  async table(actor: AuthenticatedActor, query: DashboardQuery, tableId: string): Promise<ReportTable> {
    const table = (await this.dashboard(actor, query)).tables.find((candidate) => candidate.id === tableId);
    if (!table) throw DomainError.notFound('table');
    return table;
  }

  private async scope(actor: AuthenticatedActor, query: DashboardQuery): Promise<Scope> {
    const today = localDate(this.clock.now());
    const from = query.from ?? null;
    const to = query.to ?? today;
    if (from && !isIsoDate(from)) throw DomainError.validation([{ field: 'from', problems: ['must be a valid date (YYYY-MM-DD)'] }]);
    if (!isIsoDate(to)) throw DomainError.validation([{ field: 'to', problems: ['must be a valid date (YYYY-MM-DD)'] }]);
    if (from && from > to) throw DomainError.validation([{ field: 'to', problems: ['must not be before from'] }]);
    const funder = actor.organisationKind === 'operator' ? null : actor.organisationId;
    const programmes: Array<{ id: string; name: string; code: string }> = await this.dataSource.query(
      `SELECT id, name, code FROM programmes WHERE ($1::uuid IS NULL OR funder_organisation_id = $1) AND status <> 'draft' ORDER BY created_at DESC`,
      [funder],
    );
    if (query.programmeId && !programmes.some((programme) => programme.id === query.programmeId)) throw DomainError.notFound('programme');
    const refreshDay = await this.refreshDay();
    return { parameters: [funder, query.programmeId ?? null, from, to], programmes, months: closedMonthsOf(from, to, refreshDay) };
  }

  /**
   * The day of the figures' last refresh: a month is over for the people figures once a refresh ran
   * after it ended, not when the clock passes it (a month published before its last days reach the
   * rollup would change at the next refresh, and the difference would give those days' people away).
   * No refresh yet: no month is over.
   */
  private async refreshDay(): Promise<IsoDate> {
    const refreshedAt = await this.refreshes.refreshedAt();
    return refreshedAt ? localDate(refreshedAt) : NO_REFRESH_DAY;
  }

  private async totals(scope: Scope): Promise<Record<DashboardMeasure, Figure>> {
    const rows: Array<{ measure: string; cheques: string; amount_cents: string; settled_cheques: string; settled_amount_cents: string }> =
      await this.dataSource.query(
        `SELECT measure, sum(cheques)::bigint AS cheques, sum(amount_cents)::bigint AS amount_cents,
                sum(settled_cheques)::bigint AS settled_cheques, sum(settled_amount_cents)::bigint AS settled_amount_cents
           FROM reporting_facts WHERE breakdown = 'total' AND ${IN_SCOPE} AND ${IN_PERIOD('day')}
          GROUP BY measure`,
        scope.parameters,
      );
    const figure = (measure: string): Figure => {
      const row = rows.find((candidate) => candidate.measure === measure);
      return { cheques: Number(row?.cheques ?? 0), amountCents: Number(row?.amount_cents ?? 0) };
    };
    const redeemed = rows.find((row) => row.measure === 'redeemed');
    return {
      issued: figure('issued'),
      funded: figure('funded'),
      handedOut: figure('handed_out'),
      redeemed: figure('redeemed'),
      settled: { cheques: Number(redeemed?.settled_cheques ?? 0), amountCents: Number(redeemed?.settled_amount_cents ?? 0) },
      expired: figure('expired'),
      cancelled: figure('cancelled'),
    };
  }

  private async series(scope: Scope): Promise<{ week: SeriesPoint[]; month: SeriesPoint[] }> {
    const rows: Array<{ unit: 'week' | 'month'; period: string; handed_out: number; redeemed: number; redeemed_amount_cents: string }> =
      await this.dataSource.query(
        `SELECT unit, to_char(date_trunc(unit, day), 'YYYY-MM-DD') AS period,
                coalesce(sum(cheques) FILTER (WHERE measure = 'handed_out'), 0)::int AS handed_out,
                coalesce(sum(cheques) FILTER (WHERE measure = 'redeemed'), 0)::int AS redeemed,
                coalesce(sum(amount_cents) FILTER (WHERE measure = 'redeemed'), 0)::bigint AS redeemed_amount_cents
           FROM reporting_facts CROSS JOIN (VALUES ('week'), ('month')) AS units(unit)
          WHERE breakdown = 'total' AND measure IN ('handed_out', 'redeemed') AND ${IN_SCOPE} AND ${IN_PERIOD('day')}
          GROUP BY unit, 2 ORDER BY unit, 2`,
        scope.parameters,
      );
    const points = (unit: 'week' | 'month'): SeriesPoint[] =>
      rows
        .filter((row) => row.unit === unit)
        .map((row) => ({
          period: row.period,
          handedOut: row.handed_out,
          redeemed: row.redeemed,
          redeemedAmountCents: Number(row.redeemed_amount_cents),
        }));
    return { week: points('week'), month: points('month') };
  }

  private async handOutFigures(scope: Scope): Promise<Pick<Dashboard, 'rateOfUse' | 'medianDaysToFirstUse' | 'people'>> {
    const [totals, delays, people] = await Promise.all([
      this.dataSource.query(
        `SELECT coalesce(sum(cheques), 0)::bigint AS cheques, coalesce(sum(used_cheques), 0)::bigint AS used
           FROM reporting_people_facts WHERE breakdown = 'profile' AND ${IN_SCOPE} AND ${IN_PERIOD('handed_out_on')}`,
        scope.parameters,
      ) as Promise<Array<{ cheques: string; used: string }>>,
      this.dataSource.query(
        `SELECT delay_days AS days, sum(people)::int AS people
           FROM reporting_people_facts WHERE breakdown = 'delay' AND delay_days >= 0 AND ${IN_SCOPE} AND ${IN_PERIOD('handed_out_on')}
          GROUP BY delay_days`,
        scope.parameters,
      ) as Promise<Array<{ days: number; people: number }>>,
      // People: on whole months over only (statistical secrecy), like the tables of people.
      this.dataSource.query(
        `SELECT coalesce(sum(people), 0)::int AS people
           FROM reporting_people_facts WHERE breakdown = 'profile' AND ${IN_SCOPE} AND ${IN_PERIOD('handed_out_on')}`,
        peopleParameters(scope),
      ) as Promise<Array<{ people: number }>>,
    ]);
    const handedOut = Number(totals[0].cheques);
    const used = Number(totals[0].used);
    const weights = delays.map((row) => ({ value: row.days, weight: row.people }));
    const usedBy = weights.reduce((sum, row) => sum + row.weight, 0);
    return {
      rateOfUse: { handedOut, used, rate: handedOut > 0 ? Math.round((used / handedOut) * 1000) / 1000 : null },
      medianDaysToFirstUse: usedBy >= this.threshold ? weightedMedian(weights) : null,
      people: scope.months && !isSmallCount(people[0].people, this.threshold) ? people[0].people : scope.months ? SECRET : 0,
    };
  }

  private async tables(actor: AuthenticatedActor, scope: Scope): Promise<ReportTable[]> {
    const [places, services, distributors, profile, communes] = await Promise.all([
      this.byPlace(scope),
      this.byService(scope),
      this.byDistributor(scope),
      this.byProfile(scope),
      this.byBeneficiaryCommune(scope),
    ]);
    const tables = [places, ...placeTerritories(places), services, distributors, profile, ...communes];
    if (actor.organisationKind === 'operator') tables.push(await this.placesActivity(scope), await this.qualificationPipeline());
    return tables;
  }

  private async byPlace(scope: Scope): Promise<ReportTable> {
    const rows: Array<{ name: string; commune: string; code_insee: string | null; cheques: number; amount_cents: string }> =
      await this.dataSource.query(
        `SELECT pl.nom AS name, pl.commune, pl.code_insee, sum(f.cheques)::int AS cheques, sum(f.amount_cents)::bigint AS amount_cents
           FROM reporting_facts f JOIN places pl ON pl.id = f.place_id
          WHERE f.breakdown = 'place_service' AND f.${IN_SCOPE} AND ${IN_PERIOD('f.day')}
          GROUP BY pl.id ORDER BY cheques DESC, pl.nom`,
        scope.parameters,
      );
    return figuresTable({
      id: 'lieux',
      title: 'Chèques utilisés par lieu',
      columns: [textColumn('label', 'Lieu'), textColumn('commune', 'Commune'), textColumn('communeCode', 'Code INSEE'), ...USED_COLUMNS],
      rows: rows.map((row) => ({
        label: row.name,
        commune: row.commune,
        communeCode: row.code_insee ?? '',
        cheques: row.cheques,
        amount: Number(row.amount_cents),
      })),
      withTotal: true,
    });
  }

  private async byService(scope: Scope): Promise<ReportTable> {
    const rows: Array<{ category: string; modality: string; cheques: number; amount_cents: string }> = await this.dataSource.query(
      `SELECT category, modality, sum(cheques)::int AS cheques, sum(amount_cents)::bigint AS amount_cents
         FROM reporting_facts WHERE breakdown = 'place_service' AND ${IN_SCOPE} AND ${IN_PERIOD('day')}
        GROUP BY category, modality ORDER BY cheques DESC, category, modality`,
      scope.parameters,
    );
    return figuresTable({
      id: 'services',
      title: 'Chèques utilisés par catégorie de service et modalité',
      columns: [textColumn('label', 'Catégorie de service'), textColumn('modality', 'Modalité'), ...USED_COLUMNS],
      rows: rows.map((row) => ({
        label: row.category,
        modality: MODALITY_LABELS[row.modality] ?? row.modality,
        cheques: row.cheques,
        amount: Number(row.amount_cents),
      })),
      withTotal: true,
    });
  }

  private async byDistributor(scope: Scope): Promise<ReportTable> {
    const rows: Array<{ name: string; handed_out: number; handed_out_cents: string; redeemed: number; redeemed_cents: string }> =
      await this.dataSource.query(
        `SELECT o.name, coalesce(sum(f.cheques) FILTER (WHERE f.measure = 'handed_out'), 0)::int AS handed_out,
                coalesce(sum(f.amount_cents) FILTER (WHERE f.measure = 'handed_out'), 0)::bigint AS handed_out_cents,
                coalesce(sum(f.cheques) FILTER (WHERE f.measure = 'redeemed'), 0)::int AS redeemed,
                coalesce(sum(f.amount_cents) FILTER (WHERE f.measure = 'redeemed'), 0)::bigint AS redeemed_cents
           FROM reporting_facts f JOIN organisations o ON o.id = f.distributor_id
          WHERE f.breakdown = 'distributor' AND f.${IN_SCOPE} AND ${IN_PERIOD('f.day')}
          GROUP BY o.id ORDER BY handed_out DESC, o.name`,
        scope.parameters,
      );
    return figuresTable({
      id: 'distributeurs',
      title: 'Chèques remis et utilisés par structure distributrice',
      note: 'Chèques utilisés dans la période, quelle que soit la date de leur remise.',
      columns: [
        textColumn('label', 'Structure distributrice'),
        countColumn('handedOut', 'Chèques remis'),
        amountColumn('handedOutAmount', 'Valeur remise (€)'),
        countColumn('redeemed', 'Chèques utilisés'),
        amountColumn('redeemedAmount', 'Valeur utilisée (€)'),
      ],
      rows: rows.map((row) => ({
        label: row.name,
        handedOut: row.handed_out,
        handedOutAmount: Number(row.handed_out_cents),
        redeemed: row.redeemed,
        redeemedAmount: Number(row.redeemed_cents),
      })),
      withTotal: true,
    });
  }

  /** People (hand-outs) by age band × situation, each month of each programme protected on its own, then added up. */
  private async byProfile(scope: Scope): Promise<ReportTable> {
    const rows: Array<PeoplePart & { age_band: string; situation: string; people: number }> = scope.months
      ? await this.dataSource.query(
          `SELECT programme_id, to_char(handed_out_on, 'YYYY-MM') AS month, age_band, situation, sum(people)::int AS people
             FROM reporting_people_facts WHERE breakdown = 'profile' AND ${IN_SCOPE} AND ${IN_PERIOD('handed_out_on')}
            GROUP BY 1, 2, 3, 4`,
          peopleParameters(scope),
        )
      : [];
    const ages: Array<AgeBand | ''> = [...AGE_BANDS, ''];
    const situations: Array<Situation | ''> = [...SITUATIONS, ''];
    const table = (part: typeof rows): CountTable => ({
      cells: ages.map((age) =>
        situations.map((situation) =>
          part.filter((row) => row.age_band === age && row.situation === situation).reduce((sum, row) => sum + row.people, 0),
        ),
      ),
      rowTotals: 'shown',
      columnTotals: 'shown',
      // A month's number of people is known anyway: the cheques handed out give it.
      grandTotal: 'known',
    });
    const published = publishOverParts(table([]), partsOf(rows, table), this.threshold);
    const profiles = twoWayPeopleTable({
      id: 'profils',
      title: "Personnes ayant reçu des chèques, par tranche d'âge et situation",
      rowLabel: "Tranche d'âge",
      rows: ages.map((age) => ({ key: age || 'non_renseigne', label: age ? AGE_BAND_LABELS[age] : NOT_GIVEN })),
      columns: situations.map((situation) => ({
        key: situation || 'non_renseigne',
        label: situation ? SITUATION_LABELS[situation] : NOT_GIVEN,
      })),
      published,
      threshold: this.threshold,
      note: this.secrecyNote(scope),
    });
    return scope.months ? profiles : { ...profiles, rows: [], total: undefined };
  }

  /** How to read a table of people: whole months, « secret ». */
  private secrecyNote(scope: Scope, extra = ''): string {
    const k = this.threshold;
    const period = scope.months
      ? `Personnes comptées sur des mois entiers et terminés${scope.months.snapped ? ` (${peoplePeriodText(scope.months)}, période élargie ou réduite aux mois entiers)` : ''}.`
      : "Aucun mois entier de la période n'est terminé : les personnes sont comptées sur des mois entiers et terminés.";
    return `${period} Secret statistique : « secret » remplace tout effectif de moins de ${k} personnes, total compris, et d'autres cases choisies pour qu'aucun ne puisse être retrouvé par soustraction ; chaque mois de chaque programme est protégé à part, puis les mois sont additionnés (une case masquée un mois l'est pour toute la période).${extra}`;
  }

  /**
   * People by commune of residence and by département, published together: one table whose rows are
   * départements (their totals) and whose other cells are their communes. A commune has its own line
   * when it counts at least K people over every month over, all programmes together; the others of its
   * département, or of départements under K, are grouped, so that no line says a small place exists.
   */
  private async byBeneficiaryCommune(scope: Scope): Promise<ReportTable[]> {
    const k = this.threshold;
    const grid = await this.residenceGrid();
    const rows: Array<PeoplePart & { commune_code: string; people: number }> = scope.months
      ? await this.dataSource.query(
          `SELECT programme_id, to_char(handed_out_on, 'YYYY-MM') AS month, commune_code, sum(people)::int AS people
             FROM reporting_people_facts WHERE breakdown = 'commune' AND ${IN_SCOPE} AND ${IN_PERIOD('handed_out_on')}
            GROUP BY 1, 2, 3`,
          peopleParameters(scope),
        )
      : [];
    const columnOf = (code: string): number => {
      if (code === '') return grid.columns.length - 1;
      const own = grid.columns.findIndex((column) => column.code === code);
      if (own !== -1) return own;
      const rest = grid.columns.findIndex((column) => column.code === '' && column.departement === departementOfCommune(code));
      return rest !== -1 ? rest : grid.columns.length - 2;
    };
    const table = (part: typeof rows): CountTable => ({
      cells: grid.groups.map((_, g) =>
        grid.columns.map((column, c) =>
          column.group === g ? part.filter((row) => columnOf(row.commune_code) === c).reduce((sum, row) => sum + row.people, 0) : null,
        ),
      ),
      rowTotals: 'shown',
      columnTotals: 'absent',
      grandTotal: 'known',
    });
    const published = publishOverParts(table([]), partsOf(rows, table), k);
    const note = this.secrecyNote(
      scope,
      ` Une commune a sa propre ligne à partir de ${k} personnes sur tous les mois terminés, tous programmes confondus ; les autres sont regroupées par département.`,
    );
    // Lines that the published figures say are empty are left out (what they tell is already shown).
    const communes = grid.columns.filter((column, c) => published.cells[column.group][c] !== 0);
    const departements = grid.groups.filter((_, g) => published.rowTotals[g] !== 0);
    const total = { people: peopleCell(scope.months ? shownTotal(published.grandTotal, k) : 0) };
    return [
      {
        id: 'communes-beneficiaires',
        title: 'Personnes ayant reçu des chèques, par commune de résidence',
        aboutPeople: true,
        note,
        columns: [
          { key: 'label', label: 'Commune', kind: 'text' },
          { key: 'communeCode', label: 'Code INSEE', kind: 'text' },
          { key: 'departement', label: 'Département', kind: 'text' },
          { key: 'people', label: 'Personnes', kind: 'count' },
        ],
        rows: communes.map((column) => ({
          label: column.label,
          communeCode: column.code,
          departement: column.departement,
          people: peopleCell(published.cells[column.group][grid.columns.indexOf(column)]!),
        })),
        total: { label: 'Total', communeCode: '', departement: '', ...total },
      },
      {
        id: 'departements-beneficiaires',
        title: 'Personnes ayant reçu des chèques, par département de résidence',
        aboutPeople: true,
        note,
        columns: [
          { key: 'label', label: 'Département', kind: 'text' },
          { key: 'people', label: 'Personnes', kind: 'count' },
        ],
        rows: departements.map((group) => ({ label: group.label, people: peopleCell(published.rowTotals[grid.groups.indexOf(group)]) })),
        total: { label: 'Total', ...total },
      },
    ];
  }

  /**
   * The lines of the residence tables: départements of at least K people over every month over (all
   * programmes), their communes of at least K, then « autres communes » of each, « autres départements »
   * and « non renseigné » last.
   */
  private async residenceGrid(): Promise<{
    groups: Array<{ label: string }>;
    columns: Array<{ label: string; code: string; departement: string; group: number }>;
  }> {
    const k = this.threshold;
    const closed = firstDayOfMonth(await this.refreshDay());
    const counts: Array<{ code: string; people: number; name: string | null }> = await this.dataSource.query(
      `SELECT f.commune_code AS code, sum(f.people)::int AS people,
              (SELECT pl.commune FROM places pl WHERE pl.code_insee = f.commune_code LIMIT 1) AS name
         FROM reporting_people_facts f WHERE f.breakdown = 'commune' AND f.commune_code <> '' AND f.handed_out_on < $1::date
        GROUP BY f.commune_code ORDER BY f.commune_code`,
      [closed],
    );
    const byDepartement = new Map<string, number>();
    for (const row of counts)
      byDepartement.set(departementOfCommune(row.code), (byDepartement.get(departementOfCommune(row.code)) ?? 0) + row.people);
    const departements = [...byDepartement]
      .filter(([, people]) => people >= k)
      .map(([code]) => code)
      .sort();
    const groups = [...departements.map((code) => ({ label: code })), { label: 'Autres départements' }, { label: NOT_GIVEN }];
    const columns = departements.flatMap((departement, group) => [
      ...counts
        .filter((row) => row.people >= k && departementOfCommune(row.code) === departement)
        .map((row) => ({ label: row.name ?? row.code, code: row.code, departement, group })),
      { label: `Autres communes (${departement})`, code: '', departement, group },
    ]);
    columns.push({ label: 'Autres départements', code: '', departement: '', group: departements.length });
    columns.push({ label: NOT_GIVEN, code: '', departement: '', group: departements.length + 1 });
    return { groups, columns };
  }

  /** Operator: places ever qualified, the most active first (at most PLACES_ACTIVITY_ROWS), their state and activity in the period. */
  private async placesActivity(scope: Scope): Promise<ReportTable> {
    const rows: Array<{
      name: string;
      commune: string;
      state: string;
      qualified_until: string | null;
      cheques: number;
      amount_cents: string;
      last_day: string | null;
    }> = await this.dataSource.query(
      `SELECT pl.nom AS name, pl.commune, to_char(pl.qualified_until, 'YYYY-MM-DD') AS qualified_until,
              CASE WHEN pl.suspended_at IS NOT NULL THEN 'suspendu' WHEN pl.qualified_until >= $4::date THEN 'qualifié' ELSE 'qualification expirée' END AS state,
              coalesce(a.cheques, 0)::int AS cheques, coalesce(a.amount_cents, 0)::bigint AS amount_cents, to_char(a.last_day, 'YYYY-MM-DD') AS last_day
         FROM places pl
         LEFT JOIN (SELECT place_id, sum(cheques) AS cheques, sum(amount_cents) AS amount_cents, max(day) AS last_day
                      FROM reporting_facts WHERE breakdown = 'place_service' AND ${IN_SCOPE} AND ${IN_PERIOD('day')}
                     GROUP BY place_id) a ON a.place_id = pl.id
        WHERE pl.qualified_until IS NOT NULL
        ORDER BY cheques DESC, pl.nom
        LIMIT ${PLACES_ACTIVITY_ROWS}`,
      scope.parameters,
    );
    return figuresTable({
      id: 'activite-lieux',
      title: 'Activité des lieux qualifiés',
      columns: [
        textColumn('label', 'Lieu'),
        textColumn('commune', 'Commune'),
        textColumn('state', 'État'),
        textColumn('qualifiedUntil', "Qualifié jusqu'au"),
        ...USED_COLUMNS,
        textColumn('lastDay', 'Dernier encaissement'),
      ],
      rows: rows.map((row) => ({
        label: row.name,
        commune: row.commune,
        state: row.state,
        qualifiedUntil: row.qualified_until ?? '',
        cheques: row.cheques,
        amount: Number(row.amount_cents),
        lastDay: row.last_day ?? '',
      })),
    });
  }

  /** Operator: where places stand in qualification (live, not from the rollup). */
  private async qualificationPipeline(): Promise<ReportTable> {
    const today = localDate(this.clock.now());
    const [row]: Array<Record<string, number>> = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM qualification_applications WHERE status = 'draft')::int AS draft,
              (SELECT count(*) FROM qualification_applications WHERE status = 'submitted')::int AS submitted,
              (SELECT count(*) FROM qualification_applications WHERE status = 'changes_requested')::int AS changes_requested,
              (SELECT count(*) FROM places WHERE suspended_at IS NULL AND qualified_until >= $1::date)::int AS qualified,
              (SELECT count(*) FROM places WHERE suspended_at IS NULL AND qualified_until >= $1::date AND qualified_until < $1::date + 60)::int AS expiring,
              (SELECT count(*) FROM places WHERE suspended_at IS NULL AND qualified_until < $1::date)::int AS expired,
              (SELECT count(*) FROM places WHERE suspended_at IS NOT NULL)::int AS suspended`,
      [today],
    );
    const steps: Array<[string, string]> = [
      ['draft', 'Candidatures en préparation'],
      ['submitted', 'Candidatures à examiner'],
      ['changes_requested', 'Compléments demandés'],
      ['qualified', 'Lieux qualifiés'],
      ['expiring', 'Qualifications expirant dans 60 jours'],
      ['expired', 'Qualifications expirées'],
      ['suspended', 'Lieux suspendus'],
    ];
    return figuresTable({
      id: 'qualification',
      title: 'Qualification des lieux',
      columns: [textColumn('label', 'Étape'), countColumn('count', 'Nombre')],
      rows: steps.map(([key, label]) => ({ label, count: row[key] })),
    });
  }
}

/** "du 1er mars 2026 au 31 mai 2026" */
export function peoplePeriodText(months: WholeMonths): string {
  return months.from ? `du ${formatFrenchDate(months.from)} au ${formatFrenchDate(months.to)}` : `jusqu'au ${formatFrenchDate(months.to)}`;
}

export const MEASURE_LABELS: Record<DashboardMeasure, string> = {
  issued: 'Émis',
  funded: 'Financés',
  handedOut: 'Remis à des personnes',
  redeemed: 'Utilisés dans un lieu',
  settled: 'Remboursés aux lieux',
  expired: 'Expirés',
  cancelled: 'Annulés (perdus, volés)',
};

function stepsTable(totals: Record<DashboardMeasure, Figure>): ReportTable {
  return figuresTable({
    id: 'chiffres',
    title: 'Chèques de la période, étape par étape',
    note: 'Émis : commandés dans la période ; financés : paiement enregistré dans la période ; remis, utilisés, expirés, annulés : ce jour-là ; remboursés : parmi les chèques utilisés dans la période, ceux déjà payés au lieu. Montant des chèques expirés ou annulés : la valeur rendue au financeur (aucune si le programme n’était pas payé, comptée le jour du paiement s’il est venu après).',
    columns: [textColumn('label', 'Étape'), countColumn('cheques', 'Chèques'), amountColumn('amount')],
    rows: DASHBOARD_MEASURES.map((measure) => ({
      label: MEASURE_LABELS[measure],
      cheques: totals[measure].cheques,
      amount: totals[measure].amountCents,
    })),
  });
}

/** Operator: p50 and p95 of the payment delay per département of the place, and overall. */
function paymentDelaysTable(delays: PaymentDelays): ReportTable {
  const row = (label: string, figures: DelayFigures): ReportRow => ({
    label,
    redemptions: figures.redemptionCount,
    median: figures.medianDays,
    p95: figures.p95Days,
  });
  return {
    id: 'delais-paiement',
    title: 'Délai de paiement des lieux, par département du lieu',
    note: 'Pour chaque encaissement de la période déjà payé au lieu : les jours entre l’encaissement et la date où la banque a passé le virement. Médiane : la moitié des encaissements ont été payés en autant de jours ou moins ; 95 % : presque tous. Objectif : une semaine en médiane.',
    aboutPeople: false,
    columns: [
      textColumn('label', 'Département du lieu'),
      countColumn('redemptions', 'Encaissements payés'),
      { key: 'median', label: 'Délai médian', kind: 'days' },
      { key: 'p95', label: 'Délai pour 95 %', kind: 'days' },
    ],
    rows: delays.departements.map((departement) =>
      row(departement.departement === UNKNOWN_DEPARTEMENT ? NOT_GIVEN : departement.departement, departement),
    ),
    total: row('Ensemble', delays.overall),
  };
}

function seriesTable(id: string, title: string, first: string, points: SeriesPoint[]): ReportTable {
  return figuresTable({
    id,
    title,
    columns: [
      textColumn('label', first),
      countColumn('handedOut', 'Chèques remis'),
      countColumn('redeemed', 'Chèques utilisés'),
      amountColumn('redeemedAmount', 'Montant utilisé (€)'),
    ],
    rows: points.map((point) => ({
      label: id === 'mois' ? point.period.slice(0, 7) : point.period,
      handedOut: point.handedOut,
      redeemed: point.redeemed,
      redeemedAmount: point.redeemedAmountCents,
    })),
  });
}

/** Redemptions by the place's commune and département, from the by-place table. */
function placeTerritories(places: ReportTable): ReportTable[] {
  const group = (key: (row: ReportRow) => string, label: (row: ReportRow) => string): ReportRow[] => {
    const groups = new Map<string, ReportRow>();
    for (const row of places.rows) {
      const current = groups.get(key(row)) ?? { label: label(row), code: key(row), cheques: 0, amount: 0 };
      current.cheques = (current.cheques as number) + (row.cheques as number);
      current.amount = (current.amount as number) + (row.amount as number);
      groups.set(key(row), current);
    }
    return [...groups.values()].sort(
      (a, b) => (b.cheques as number) - (a.cheques as number) || String(a.code).localeCompare(String(b.code)),
    );
  };
  const columns = (first: string): ReportTable['columns'] => [textColumn('label', first), textColumn('code', 'Code'), ...USED_COLUMNS];
  const code = (row: ReportRow): string => String(row.communeCode || '');
  return [
    figuresTable({
      id: 'communes-lieux',
      title: 'Chèques utilisés par commune du lieu',
      columns: columns('Commune'),
      rows: group(code, (row) => String(row.commune)),
      withTotal: true,
    }),
    figuresTable({
      id: 'departements-lieux',
      title: 'Chèques utilisés par département du lieu',
      columns: columns('Département'),
      rows: group(
        (row) => (code(row) ? departementOfCommune(code(row)) : ''),
        (row) => (code(row) ? departementOfCommune(code(row)) : NOT_GIVEN),
      ),
      withTotal: true,
    }),
  ];
}
