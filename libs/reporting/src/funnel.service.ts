/**
 * The usage funnel (docs/reporting.md): booklets bought → allocated → handed out → a cheque used →
 * every cheque used → expired, with the value used out of the value handed out and the median days to
 * the first use, per programme, distributor, commune of hand-out and age band. It reads the funnel
 * rollup (reporting_funnel_facts): the figures are those of the last refresh. Booklets handed out
 * count people (one hand-out, one person), so the tables by commune and age band go through the
 * statistical-secrecy rule on whole months over, each month of each programme on its own.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  addDays,
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  type CountTable,
  DEFAULT_SMALL_CELL_THRESHOLD,
  DomainError,
  isIsoDate,
  type IsoDate,
  isSecret,
  localDate,
  type PublishedCount,
  publishOverParts,
  type ReportColumn,
  type ReportRow,
  type ReportTable,
  SECRET,
  type UsageFunnel,
  weightedMedian,
  closedMonthsOf,
  formatFrenchDate,
  type WholeMonths,
} from '@app/domain';
import { amountColumn, countColumn, figuresTable, peopleCell, textColumn } from './report-table';
import { ReportingRefreshService } from './reporting-refresh.service';

/** Whose funnel: a funder's programmes (null: all, the operator's), or one distributor's booklets. */
export interface FunnelScope {
  funderId: string | null;
  distributorId: string | null;
  programmeId: string | null;
  /** Days (Europe/Paris), inclusive; from null: from the beginning. */
  from: string | null;
  to: string;
}

/** A booklet is stuck once handed out this many days ago with no cheque used. */
export const STUCK_AFTER_DAYS = 30;

const NOT_GIVEN = 'Non renseigné';
/** The distributor table's line of the booklets bought (held by nobody yet). */
const FUNDER_ORDER = 'Commande du financeur';

/** One group of funnel rows, summed (a programme, a distributor, a commune, an age band, a month...). */
interface FunnelRow {
  key: string;
  month: string;
  programme_id: string;
  day: string;
  handed_out: boolean;
  delay_days: number;
  bought: number;
  allocated: number;
  booklets: number;
  first_used: number;
  fully_used: number;
  expired: number;
  handed_out_cents: string;
  used_cents: string;
}

const STEP_COLUMNS: ReportColumn[] = [
  countColumn('bought', 'Carnets achetés'),
  countColumn('allocated', 'Carnets attribués'),
  countColumn('handedOut', 'Carnets remis'),
  countColumn('firstUsed', 'Premier chèque utilisé'),
  countColumn('fullyUsed', 'Carnets entièrement utilisés'),
  countColumn('expired', 'Carnets expirés'),
];
const VALUE_COLUMNS: ReportColumn[] = [
  amountColumn('handedOutAmount', 'Valeur remise (€)'),
  amountColumn('usedAmount', 'Valeur utilisée (€)'),
  { key: 'valueUseRate', label: 'Part de la valeur utilisée', kind: 'rate' },
  { key: 'medianDays', label: 'Délai médian avant la première utilisation (jours)', kind: 'days' },
];

/** The funnel's steps, in order, with their French names (the funnel table and chart). */
export const FUNNEL_STEPS: Array<{ key: keyof UsageFunnel; label: string }> = [
  { key: 'bought', label: 'Carnets achetés' },
  { key: 'allocated', label: 'Carnets attribués aux structures' },
  { key: 'handedOut', label: 'Carnets remis à des personnes' },
  { key: 'firstUsed', label: 'Premier chèque utilisé' },
  { key: 'fullyUsed', label: 'Carnets entièrement utilisés' },
  { key: 'expired', label: 'Carnets expirés (chèques non utilisés)' },
];

@Injectable()
export class FunnelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshes: ReportingRefreshService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get threshold(): number {
    return this.config.get<number>('SMALL_CELL_THRESHOLD') ?? DEFAULT_SMALL_CELL_THRESHOLD;
  }

  /** A distributor's own funnel: the booklets it was allocated and handed out, for a period and programme. */
  async forDistributor(
    actor: AuthenticatedActor,
    query: { programmeId?: string; from?: string; to?: string },
  ): Promise<{
    refreshedAt: string | null;
    smallCellThreshold: number;
    peoplePeriod: WholeMonths | null;
    programmes: Array<{ id: string; name: string; code: string }>;
    funnel: UsageFunnel;
    tables: ReportTable[];
  }> {
    const to = query.to ?? localDate(this.clock.now());
    const from = query.from ?? null;
    if (from && !isIsoDate(from)) throw DomainError.validation([{ field: 'from', problems: ['must be a valid date (YYYY-MM-DD)'] }]);
    if (!isIsoDate(to)) throw DomainError.validation([{ field: 'to', problems: ['must be a valid date (YYYY-MM-DD)'] }]);
    if (from && from > to) throw DomainError.validation([{ field: 'to', problems: ['must not be before from'] }]);
    const programmes: Array<{ id: string; name: string; code: string }> = await this.dataSource.query(
      `SELECT p.id, p.name, p.code FROM programmes p
        WHERE EXISTS (SELECT 1 FROM booklets b WHERE b.programme_id = p.id AND b.distributor_organisation_id = $1)
        ORDER BY p.created_at DESC`,
      [actor.organisationId],
    );
    if (query.programmeId && !programmes.some((programme) => programme.id === query.programmeId)) throw DomainError.notFound('programme');
    const scope: FunnelScope = { funderId: null, distributorId: actor.organisationId, programmeId: query.programmeId ?? null, from, to };
    const refreshedAt = await this.refreshes.refreshedAt();
    const { funnel, tables, months } = await this.funnel(scope, false);
    return {
      refreshedAt: refreshedAt?.toISOString() ?? null,
      smallCellThreshold: this.threshold,
      peoplePeriod: months,
      programmes,
      funnel,
      tables,
    };
  }

  /** One table of a distributor's funnel (for its CSV). */
  async distributorFunnelTable(
    actor: AuthenticatedActor,
    query: { programmeId?: string; from?: string; to?: string },
    tableId: string,
  ): Promise<ReportTable> {
    const table = (await this.forDistributor(actor, query)).tables.find((candidate) => candidate.id === tableId);
    if (!table) throw DomainError.notFound('table');
    return table;
  }

  /** The funnel, its key figures and its tables, for a scope already checked. */
  async funnel(
    scope: FunnelScope,
    byDistributor = true,
  ): Promise<{ funnel: UsageFunnel; tables: ReportTable[]; months: WholeMonths | null }> {
    const refreshDay = await this.refreshDay();
    const months = closedMonthsOf(scope.from as IsoDate | null, scope.to as IsoDate, refreshDay);
    const stuckBefore = addDays(refreshDay, -STUCK_AFTER_DAYS);
    const [programmes, distributors, communes, ages, stuck] = await Promise.all([
      this.rows(scope, 'p.name', 'JOIN programmes p ON p.id = f.programme_id'),
      this.rows(scope, `coalesce(o.name, '${FUNDER_ORDER}')`, 'LEFT JOIN organisations o ON o.id = f.distributor_id'),
      months ? this.rows(this.wholeMonths(scope, months), 'f.commune_code', '', true) : Promise.resolve([]),
      months ? this.rows(this.wholeMonths(scope, months), 'f.age_band', '', true) : Promise.resolve([]),
      this.stuckByDistributor(scope, stuckBefore),
    ]);
    const funnel = { ...this.summarise(programmes), unusedAfter30Days: [...stuck.values()].reduce((sum, count) => sum + count, 0) };
    const names = await this.communeNames(communes.map((row) => row.key));
    const tables = [this.stepsTable(funnel), this.groupTable('entonnoir-programmes', 'Entonnoir par programme', 'Programme', programmes)];
    if (byDistributor) tables.push(this.byDistributorTable(distributors, stuck));
    tables.push(
      this.peopleTable(
        'entonnoir-communes',
        'Entonnoir par commune de remise',
        'Commune de remise',
        communes,
        months,
        this.communeLines(communes, names),
      ),
      this.peopleTable(
        'entonnoir-ages',
        "Entonnoir par tranche d'âge",
        "Tranche d'âge",
        ages,
        months,
        [...AGE_BANDS, ''].map((age) => ({ key: age, label: age ? AGE_BAND_LABELS[age as AgeBand] : NOT_GIVEN, members: [age] })),
      ),
    );
    return { funnel, tables, months };
  }

  /** Names of communes by INSEE code, from the places' addresses (the code alone where no place is there). */
  private async communeNames(codes: string[]): Promise<Map<string, string>> {
    const rows: Array<{ code: string; name: string }> = await this.dataSource.query(
      'SELECT DISTINCT ON (code_insee) code_insee AS code, commune AS name FROM places WHERE code_insee = ANY($1::text[]) ORDER BY code_insee, commune',
      [[...new Set(codes)]],
    );
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  /** The day of the last refresh (no refresh yet: a day before any month). */
  private async refreshDay(): Promise<IsoDate> {
    const refreshedAt = await this.refreshes.refreshedAt();
    return refreshedAt ? localDate(refreshedAt) : ('1900-01-01' as IsoDate);
  }

  private wholeMonths(scope: FunnelScope, months: WholeMonths): FunnelScope {
    return { ...scope, from: months.from, to: months.to };
  }

  /** Funnel rows in scope grouped by `key` (a SQL expression), month, programme and days to first use. */
  private async rows(scope: FunnelScope, key: string, joins: string, handedOutOnly = false): Promise<FunnelRow[]> {
    const rows: FunnelRow[] = await this.dataSource.query(
      `SELECT ${key} AS key, to_char(f.day, 'YYYY-MM') AS month, f.programme_id, f.delay_days,
              sum(f.bought)::int AS bought, sum(f.allocated)::int AS allocated, sum(f.booklets)::int AS booklets,
              sum(f.first_used)::int AS first_used, sum(f.fully_used)::int AS fully_used, sum(f.expired)::int AS expired,
              sum(f.handed_out_cents)::bigint AS handed_out_cents, sum(f.used_cents)::bigint AS used_cents
         FROM reporting_funnel_facts f ${joins}
        WHERE f.programme_id IN (SELECT id FROM programmes WHERE ($1::uuid IS NULL OR funder_organisation_id = $1) AND ($2::uuid IS NULL OR id = $2))
          AND ($3::uuid IS NULL OR f.distributor_id = $3)
          AND f.day BETWEEN coalesce($4::date, '-infinity'::date) AND $5::date
          ${handedOutOnly ? 'AND f.handed_out' : ''}
        GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      [scope.funderId, scope.programmeId, scope.distributorId, scope.from, scope.to],
    );
    return rows.map((row) => ({ ...row, key: String(row.key ?? '') }));
  }

  /** Booklets handed out on or before `before`, no cheque used and none expired, per distributor. */
  private async stuckByDistributor(scope: FunnelScope, before: IsoDate): Promise<Map<string, number>> {
    const last = scope.to < before ? scope.to : before;
    const rows: Array<{ name: string; stuck: number }> = await this.dataSource.query(
      `SELECT o.name, (sum(f.booklets) - sum(f.expired))::int AS stuck
         FROM reporting_funnel_facts f JOIN organisations o ON o.id = f.distributor_id
        WHERE f.handed_out AND f.delay_days = -1
          AND f.programme_id IN (SELECT id FROM programmes WHERE ($1::uuid IS NULL OR funder_organisation_id = $1) AND ($2::uuid IS NULL OR id = $2))
          AND ($3::uuid IS NULL OR f.distributor_id = $3)
          AND f.day BETWEEN coalesce($4::date, '-infinity'::date) AND $5::date
        GROUP BY o.id`,
      [scope.funderId, scope.programmeId, scope.distributorId, scope.from, last],
    );
    return new Map(rows.filter((row) => row.stuck > 0).map((row) => [row.name, row.stuck]));
  }

  /** Key figures of a set of rows: sums, the value used / value handed out, the median days (on K booklets at least). */
  private summarise(rows: FunnelRow[]): Omit<UsageFunnel, 'unusedAfter30Days'> {
    const sum = (
      field: 'bought' | 'allocated' | 'booklets' | 'first_used' | 'fully_used' | 'expired' | 'handed_out_cents' | 'used_cents',
    ): number => rows.reduce((total, row) => total + Number(row[field]), 0);
    const handedOutCents = sum('handed_out_cents');
    const usedCents = sum('used_cents');
    const delays = rows.filter((row) => row.delay_days >= 0).map((row) => ({ value: row.delay_days, weight: row.first_used }));
    const usedBy = delays.reduce((total, row) => total + row.weight, 0);
    return {
      bought: sum('bought'),
      allocated: sum('allocated'),
      handedOut: sum('booklets'),
      firstUsed: sum('first_used'),
      fullyUsed: sum('fully_used'),
      expired: sum('expired'),
      handedOutCents,
      usedCents,
      valueUseRate: handedOutCents > 0 ? Math.round((usedCents / handedOutCents) * 1000) / 1000 : null,
      medianDaysToFirstUse: usedBy >= this.threshold ? weightedMedian(delays) : null,
    };
  }

  private stepsTable(funnel: UsageFunnel): ReportTable {
    return figuresTable({
      id: 'entonnoir',
      title: 'Entonnoir d’utilisation des carnets',
      note: 'Achetés : commandés dans la période ; attribués : confiés à une structure dans la période ; les étapes suivantes suivent les carnets remis dans la période jusqu’à aujourd’hui. Un carnet expiré a au moins un chèque arrivé à échéance sans être utilisé.',
      columns: [
        textColumn('label', 'Étape'),
        countColumn('booklets', 'Carnets'),
        { key: 'shareOfHandedOut', label: 'Part des carnets remis', kind: 'rate' },
      ],
      rows: FUNNEL_STEPS.map((step, index) => ({
        label: step.label,
        booklets: funnel[step.key] as number,
        shareOfHandedOut:
          index >= 2 && funnel.handedOut > 0 ? Math.round(((funnel[step.key] as number) / funnel.handedOut) * 1000) / 1000 : null,
      })),
    });
  }

  /** Rows of a figures table: one line per key, with its steps and values. */
  private lines(rows: FunnelRow[]): ReportRow[] {
    const groups = new Map<string, FunnelRow[]>();
    for (const row of rows) groups.set(row.key, [...(groups.get(row.key) ?? []), row]);
    return [...groups].map(([key, members]) => {
      const figures = this.summarise(members);
      return {
        label: key || NOT_GIVEN,
        bought: figures.bought,
        allocated: figures.allocated,
        handedOut: figures.handedOut,
        firstUsed: figures.firstUsed,
        fullyUsed: figures.fullyUsed,
        expired: figures.expired,
        handedOutAmount: figures.handedOutCents,
        usedAmount: figures.usedCents,
        valueUseRate: figures.valueUseRate,
        medianDays: figures.medianDaysToFirstUse,
      };
    });
  }

  private groupTable(id: string, title: string, first: string, rows: FunnelRow[]): ReportTable {
    return figuresTable({ id, title, columns: [textColumn('label', first), ...STEP_COLUMNS, ...VALUE_COLUMNS], rows: this.lines(rows) });
  }

  private byDistributorTable(rows: FunnelRow[], stuck: Map<string, number>): ReportTable {
    return figuresTable({
      id: 'entonnoir-distributeurs',
      title: 'Entonnoir par structure distributrice',
      note: `Carnets en attente : remis il y a ${STUCK_AFTER_DAYS} jours ou plus, sans aucun chèque utilisé ni expiré. La ligne « ${FUNDER_ORDER} » compte les carnets achetés.`,
      columns: [
        textColumn('label', 'Structure distributrice'),
        // What a funder acts on first, before the steps.
        countColumn('unusedAfter30Days', `Remis depuis ${STUCK_AFTER_DAYS} jours ou plus, jamais utilisés`),
        ...STEP_COLUMNS,
        ...VALUE_COLUMNS,
      ],
      rows: this.lines(rows).map((row) => ({ ...row, unusedAfter30Days: stuck.get(String(row.label)) ?? 0 })),
    });
  }

  /** Lines of the commune table: communes of at least K booklets over the whole months in scope, then the others grouped, then « non renseigné ». */
  private communeLines(rows: FunnelRow[], names: Map<string, string>): Array<{ key: string; label: string; members: string[] }> {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.key, (counts.get(row.key) ?? 0) + row.booklets);
    const own = [...counts]
      .filter(([code, count]) => code !== '' && count >= this.threshold)
      .map(([code]) => code)
      .sort();
    const others = [...counts.keys()].filter((code) => code !== '' && !own.includes(code));
    return [
      ...own.map((code) => ({ key: code, label: names.get(code) ?? code, members: [code] })),
      { key: 'autres', label: 'Autres communes', members: others },
      { key: '', label: NOT_GIVEN, members: [''] },
    ];
  }

  /**
   * A table of booklets (people) by commune or age band on whole months over: each line's booklets
   * split into not yet used, partly used, fully used (they add up to the booklets handed out), each
   * month of each programme published on its own by the secrecy rule, then added up. Expired booklets
   * are a second one-column table published the same way. Rate and median only where the line's
   * booklets are shown (and the median on K used booklets at least).
   */
  private peopleTable(
    id: string,
    title: string,
    first: string,
    rows: FunnelRow[],
    months: WholeMonths | null,
    lines: Array<{ key: string; label: string; members: string[] }>,
  ): ReportTable {
    const k = this.threshold;
    const lineOf = (row: FunnelRow): number => lines.findIndex((line) => line.members.includes(row.key));
    const parts = new Map<string, FunnelRow[]>();
    for (const row of rows) parts.set(`${row.programme_id}/${row.month}`, [...(parts.get(`${row.programme_id}/${row.month}`) ?? []), row]);
    const states = (part: FunnelRow[]): CountTable => ({
      cells: lines.map((_, l) => {
        const mine = part.filter((row) => lineOf(row) === l);
        const sum = (pick: (row: FunnelRow) => number): number => mine.reduce((total, row) => total + pick(row), 0);
        return [sum((row) => row.booklets - row.first_used), sum((row) => row.first_used - row.fully_used), sum((row) => row.fully_used)];
      }),
      rowTotals: 'shown',
      // The funnel's steps over the same months are shown elsewhere (by programme): the reader has them.
      columnTotals: 'known',
      grandTotal: 'known',
    });
    const expired = (part: FunnelRow[]): CountTable => ({
      cells: lines.map((_, l) => [part.filter((row) => lineOf(row) === l).reduce((total, row) => total + row.expired, 0)]),
      rowTotals: 'absent',
      columnTotals: 'known',
      grandTotal: 'known',
    });
    const published = publishOverParts(states([]), [...parts.values()].map(states), k);
    const publishedExpired = publishOverParts(expired([]), [...parts.values()].map(expired), k);
    const add = (a: PublishedCount | null, b: PublishedCount | null): PublishedCount =>
      isSecret(a) || isSecret(b) ? SECRET : (a ?? 0) + (b ?? 0);
    const tableRows: ReportRow[] = lines.map((line, l) => {
      const mine = rows.filter((row) => lineOf(row) === l);
      const figures = this.summarise(mine);
      const shown = !isSecret(published.rowTotals[l]);
      return {
        label: line.label,
        code: line.members.length === 1 ? line.key : '',
        handedOut: peopleCell(published.rowTotals[l]),
        firstUsed: peopleCell(add(published.cells[l][1], published.cells[l][2])),
        fullyUsed: peopleCell(published.cells[l][2] ?? 0),
        expired: peopleCell(publishedExpired.cells[l][0] ?? 0),
        valueUseRate: shown ? figures.valueUseRate : null,
        medianDays: shown ? figures.medianDaysToFirstUse : null,
      };
    });
    const note = months
      ? `Carnets remis ${months.from ? `du ${formatFrenchDate(months.from)}` : 'depuis le début'} jusqu’au ${formatFrenchDate(months.to)} (mois entiers et terminés). Secret statistique : « secret » remplace tout effectif de moins de ${k} carnets (un carnet remis, une personne) et d'autres cases choisies pour qu'aucun ne puisse être retrouvé par soustraction ; chaque mois de chaque programme est protégé à part.`
      : "Aucun mois entier de la période n'est terminé : ce tableau compte des personnes, il se remplit sur des mois entiers et terminés.";
    return {
      id,
      title,
      aboutPeople: true,
      note,
      columns: [
        textColumn('label', first),
        ...(id === 'entonnoir-communes' ? [textColumn('code', 'Code INSEE')] : []),
        countColumn('handedOut', 'Carnets remis'),
        countColumn('firstUsed', 'Premier chèque utilisé'),
        countColumn('fullyUsed', 'Carnets entièrement utilisés'),
        countColumn('expired', 'Carnets expirés'),
        { key: 'valueUseRate', label: 'Part de la valeur utilisée', kind: 'rate' },
        { key: 'medianDays', label: 'Délai médian avant la première utilisation (jours)', kind: 'days' },
      ],
      rows: months ? tableRows.filter((row) => row.handedOut !== 0) : [],
    };
  }
}
