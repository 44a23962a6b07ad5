/**
 * Reporting checks: the amounts a dashboard should show, worked out here from the ledger's entries
 * and postings (libs/ledger), independently of the reporting SQL under test.
 */
import { localDate } from '@app/domain';
import { MODALITY_LABELS } from '@app/reporting';
import type { TestApp } from './test-app';

/** What a dashboard covers: a funder's programmes (or all), one programme, days (Europe/Paris) inclusive. */
export interface ReportingPeriod {
  funderId?: string;
  programmeId?: string;
  from?: string;
  to?: string;
}

export interface LedgerFigures {
  fundedCents: number;
  redeemedCents: number;
  settledCents: number;
  expiredCents: number;
  cancelledCents: number;
  /** Redeemed value by place name, by "category / modality label", by month (YYYY-MM-01). */
  redeemedByPlace: Record<string, number>;
  redeemedByService: Record<string, number>;
  redeemedByMonth: Record<string, number>;
}

/** The ids of the programmes a dashboard of this period covers (drafts never). */
export function programmesInScope(programmes: Array<{ id: string; funder: string; status: string }>, period: ReportingPeriod): Set<string> {
  return new Set(
    programmes
      .filter(
        (p) =>
          p.status !== 'draft' &&
          (!period.funderId || p.funder === period.funderId) &&
          (!period.programmeId || p.id === period.programmeId),
      )
      .map((p) => p.id),
  );
}

/** Whether a day (YYYY-MM-DD, Europe/Paris) is in the period; a period without an end ends today. */
export function dayInPeriod(day: string | null, period: ReportingPeriod, today: string): boolean {
  return day !== null && (!period.from || day >= period.from) && day <= (period.to ?? today);
}

interface OutstandingPosting {
  entry_id: string;
  kind: string;
  source: string;
  occurred_at: Date;
  reverses_entry_id: string | null;
  programme_id: string;
  amount_cents: string;
}

/**
 * Each dashboard amount as the ledger has it, from the postings on the programmes' outstanding
 * accounts (their `account_ref` is the programme): a funding credits it with the face value of the
 * order, a redemption debits it (moving the value to the place's payable) and its undoing credits it
 * back, a release (expiry, cancellation) debits it to the funder's account. A redemption counts on
 * its own day, net of its reversal; it is settled when a settlement line covering it was paid by the
 * bank (a settlement_paid entry) and not sent back (no settlement_rejected entry).
 */
export async function ledgerFigures(testApp: TestApp, period: ReportingPeriod, today: string): Promise<LedgerFigures> {
  const query = testApp.dataSource.query.bind(testApp.dataSource);
  const [postings, programmes, redemptions, coverage, settlementEntries]: [
    OutstandingPosting[],
    Array<{ id: string; funder: string; status: string }>,
    Array<{ id: string; place: string; category: string; modality: string }>,
    Array<{ redemption_id: string; line_id: string }>,
    Array<{ kind: string; line_id: string }>,
  ] = await Promise.all([
    query(
      `SELECT e.id AS entry_id, e.kind::text AS kind, e.source, e.occurred_at, e.reverses_entry_id, p.account_ref AS programme_id, p.amount_cents
         FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id WHERE p.account_kind = 'programme_outstanding'`,
    ),
    query(`SELECT id, funder_organisation_id AS funder, status FROM programmes`),
    query(
      `SELECT r.id, pl.nom AS place, c.category, c.modality::text AS modality
         FROM redemptions r JOIN places pl ON pl.id = r.place_id JOIN catalogue_entries c ON c.id = r.catalogue_entry_id`,
    ),
    query(
      `SELECT r.id AS redemption_id, l.id AS line_id
         FROM redemptions r JOIN settlement_lines l ON l.organisation_id = r.organisation_id AND l.covered @> r.recorded_at`,
    ),
    query(`SELECT kind::text AS kind, source AS line_id FROM ledger_entries WHERE kind IN ('settlement_paid', 'settlement_rejected')`),
  ]);
  const inScope = programmesInScope(programmes, period);
  const inPeriod = (instant: Date): boolean => dayInPeriod(localDate(instant), period, today);
  const counted = postings.filter((posting) => inScope.has(posting.programme_id));
  const sum = (kind: string, sign: 1 | -1): number =>
    counted
      .filter((posting) => posting.kind === kind && inPeriod(posting.occurred_at))
      .reduce((total, posting) => total + sign * Number(posting.amount_cents), 0);

  const paidLines = new Set(settlementEntries.filter((entry) => entry.kind === 'settlement_paid').map((entry) => entry.line_id));
  const rejectedLines = new Set(settlementEntries.filter((entry) => entry.kind === 'settlement_rejected').map((entry) => entry.line_id));
  const settledRedemptions = new Set(
    coverage.filter((row) => paidLines.has(row.line_id) && !rejectedLines.has(row.line_id)).map((row) => row.redemption_id),
  );
  const redemption = new Map(redemptions.map((row) => [row.id, row]));
  // A redemption entry's value per programme, less what its reversal (if any) gave back, on the redemption's day.
  const reversed = new Map<string, number>();
  for (const posting of counted.filter((candidate) => candidate.kind === 'redemption_undone')) {
    const key = `${posting.reverses_entry_id}/${posting.programme_id}`;
    reversed.set(key, (reversed.get(key) ?? 0) + Number(posting.amount_cents));
  }
  const redeemed = counted
    .filter((posting) => posting.kind === 'redemption' && inPeriod(posting.occurred_at))
    .map((posting) => ({
      redemption: redemption.get(posting.source)!,
      month: `${localDate(posting.occurred_at).slice(0, 7)}-01`,
      cents: Number(posting.amount_cents) + (reversed.get(`${posting.entry_id}/${posting.programme_id}`) ?? 0),
    }))
    .filter((row) => row.cents !== 0);
  const by = (key: (row: (typeof redeemed)[number]) => string): Record<string, number> => {
    const totals: Record<string, number> = {};
    for (const row of redeemed) totals[key(row)] = (totals[key(row)] ?? 0) + row.cents;
    return totals;
  };
  return {
    fundedCents: sum('programme_funded', -1),
    redeemedCents: redeemed.reduce((total, row) => total + row.cents, 0),
    settledCents: redeemed.filter((row) => settledRedemptions.has(row.redemption.id)).reduce((total, row) => total + row.cents, 0),
    expiredCents: sum('cheques_expired', 1),
    cancelledCents: sum('cheques_cancelled', 1),
    redeemedByPlace: by((row) => row.redemption.place),
    redeemedByService: by((row) => `${row.redemption.category} / ${MODALITY_LABELS[row.redemption.modality] ?? row.redemption.modality}`),
    redeemedByMonth: by((row) => row.month),
  };
}

/** A table of the dashboard as { first column label (/ second): amount }, rows of zero left out. */
export function amountsOf(
  table: { rows: Array<Record<string, unknown>> },
  amount: string,
  label: (row: Record<string, unknown>) => string,
): Record<string, number> {
  return Object.fromEntries(table.rows.filter((row) => row[amount] !== 0).map((row) => [label(row), row[amount] as number]));
}

/** A dashboard table as the API answers it. */
export interface AnsweredTable {
  id: string;
  aboutPeople: boolean;
  columns: Array<{ key: string; kind: string; label: string }>;
  rows: Array<Record<string, unknown>>;
  total?: Record<string, unknown>;
}

const isSecretCell = (cell: unknown): boolean =>
  typeof cell === 'object' && cell !== null && (cell as { hidden: string }).hidden === 'secret';

/**
 * What a reader works out of the people tables of one answer by subtraction: each line whose total
 * is shown gives the sum of its hidden cells. Lists every figure shown, or worked out, of 1 to K-1
 * people, and every shown total that its cells contradict (statistical secrecy, attacks a to c).
 */
export function secrecyBreaches(tables: AnsweredTable[], k: number): string[] {
  const breaches: string[] = [];
  const small = (value: number): boolean => value > 0 && value < k;
  const line = (name: string, cells: unknown[], total: unknown): void => {
    if (isSecretCell(total)) return;
    const shown = cells.filter((cell) => !isSecretCell(cell)).reduce<number>((sum, cell) => sum + Number(cell), 0);
    const hiddenPart = (total as number) - shown;
    if (cells.every((cell) => !isSecretCell(cell)) && hiddenPart !== 0)
      breaches.push(`${name}: total ${String(total)} ≠ its cells ${shown}`);
    if (small(hiddenPart)) breaches.push(`${name}: total minus shown cells = ${hiddenPart}`);
  };
  for (const table of tables.filter((candidate) => candidate.aboutPeople)) {
    const counts = table.columns.filter((column) => column.kind === 'count').map((column) => column.key);
    for (const row of [...table.rows, ...(table.total ? [table.total] : [])])
      for (const key of counts) {
        const cell = row[key];
        if (!isSecretCell(cell) && (typeof cell !== 'number' || small(cell)))
          breaches.push(`${table.id} ${String(row.label)} ${key}: ${JSON.stringify(cell)}`);
      }
  }
  const profile = tables.find((table) => table.id === 'profils');
  if (profile && profile.total && profile.rows.length > 0) {
    const cellKeys = profile.columns.filter((column) => column.kind === 'count' && column.key !== 'total').map((column) => column.key);
    for (const row of profile.rows)
      line(
        `profils ${String(row.label)}`,
        cellKeys.map((key) => row[key]),
        row.total,
      );
    for (const key of cellKeys)
      line(
        `profils column ${key}`,
        profile.rows.map((row) => row[key]),
        profile.total[key],
      );
    line(
      'profils row totals',
      profile.rows.map((row) => row.total),
      profile.total.total,
    );
    line(
      'profils column totals',
      cellKeys.map((key) => profile.total![key]),
      profile.total.total,
    );
  }
  const communes = tables.find((table) => table.id === 'communes-beneficiaires');
  const departements = tables.find((table) => table.id === 'departements-beneficiaires');
  if (communes && departements && departements.total) {
    const groupOf = (row: Record<string, unknown>): string => String(row.departement || row.label);
    for (const departement of departements.rows)
      line(
        `département ${String(departement.label)}`,
        communes.rows.filter((row) => groupOf(row) === departement.label).map((row) => row.people),
        departement.people,
      );
    line(
      'départements',
      departements.rows.map((row) => row.people),
      departements.total.people,
    );
    line(
      'communes',
      communes.rows.map((row) => row.people),
      communes.total!.people,
    );
  }
  return breaches;
}

/** One booklet handed out (a booklet's cheques given in one hand-out), read from the raw tables. */
export interface HandedOutBooklet {
  programmeId: string;
  programmeName: string;
  distributor: string;
  distributorId: string;
  handedOutOn: string;
  communeCode: string;
  ageBand: string;
  cheques: number;
  used: number;
  expired: boolean;
  faceValueCents: number;
  /** Days from the hand-out to its first redemption still standing (null: none). */
  firstUseDays: number | null;
}

export interface FunnelFigures {
  bought: number;
  allocated: number;
  handedOut: number;
  firstUsed: number;
  fullyUsed: number;
  expired: number;
  handedOutCents: number;
  usedCents: number;
  valueUseRate: number | null;
  medianDaysToFirstUse: number | null;
  unusedAfter30Days: number;
}

/** The plain median of a list (null when empty). */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Every booklet handed out, cheque by cheque from cheques, hand_outs, redemption_cheques and redemptions. */
export async function handedOutBooklets(testApp: TestApp): Promise<HandedOutBooklet[]> {
  const cheques: Array<{
    hand_out_id: string;
    booklet_id: string;
    programme_id: string;
    programme_name: string;
    distributor: string;
    distributor_id: string;
    handed_out_on: string;
    commune_code: string | null;
    age_band: string | null;
    status: string;
    face_value_cents: number;
    redeemed_at: Date | null;
  }> = await testApp.dataSource.query(
    `SELECT h.id AS hand_out_id, c.booklet_id, c.programme_id, p.name AS programme_name, o.name AS distributor, o.id AS distributor_id,
            to_char(h.handed_out_on, 'YYYY-MM-DD') AS handed_out_on, h.commune_code, h.age_band, c.status::text AS status,
            p.face_value_cents,
            (SELECT r.occurred_at FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id
              WHERE rc.cheque_id = c.id AND rc.released_at IS NULL) AS redeemed_at
       FROM cheques c JOIN hand_outs h ON h.id = c.hand_out_id JOIN programmes p ON p.id = c.programme_id
       JOIN organisations o ON o.id = h.distributor_organisation_id`,
  );
  const booklets = new Map<string, HandedOutBooklet & { firstUse: string | null }>();
  for (const cheque of cheques) {
    const key = `${cheque.hand_out_id}/${cheque.booklet_id}`;
    const booklet = booklets.get(key) ?? {
      programmeId: cheque.programme_id,
      programmeName: cheque.programme_name,
      distributor: cheque.distributor,
      distributorId: cheque.distributor_id,
      handedOutOn: cheque.handed_out_on,
      communeCode: cheque.commune_code ?? '',
      ageBand: cheque.age_band ?? '',
      cheques: 0,
      used: 0,
      expired: false,
      faceValueCents: cheque.face_value_cents,
      firstUseDays: null,
      firstUse: null,
    };
    booklet.cheques += 1;
    if (cheque.status === 'redeemed' || cheque.status === 'settled') booklet.used += 1;
    if (cheque.status === 'expired') booklet.expired = true;
    if (cheque.redeemed_at) {
      const day = localDate(cheque.redeemed_at);
      if (booklet.firstUse === null || day < booklet.firstUse) booklet.firstUse = day;
    }
    booklets.set(key, booklet);
  }
  return [...booklets.values()].map(({ firstUse, ...booklet }) => ({
    ...booklet,
    firstUseDays: firstUse === null ? null : (Date.parse(firstUse) - Date.parse(booklet.handedOutOn)) / 86_400_000,
  }));
}

/**
 * The funnel a dashboard should show, worked out from the raw tables: booklets ordered and allocated
 * in the period, then the booklets handed out in it and what became of them.
 */
export async function independentFunnel(
  testApp: TestApp,
  period: ReportingPeriod & { distributorId?: string },
  today: string,
  k: number,
  select: (booklet: HandedOutBooklet) => boolean = () => true,
): Promise<FunnelFigures> {
  const programmes: Array<{ id: string; funder: string; status: string; ordered_on: string | null; booklet_count: number }> =
    await testApp.dataSource.query(
      `SELECT id, funder_organisation_id AS funder, status::text AS status, booklet_count,
              to_char((ordered_at AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD') AS ordered_on FROM programmes`,
    );
  const inScope = programmesInScope(programmes, period);
  const allocations: Array<{ programme_id: string; distributor: string; allocated_on: string }> = await testApp.dataSource.query(
    `SELECT programme_id, distributor_organisation_id AS distributor,
            to_char((allocated_at AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD') AS allocated_on
       FROM booklets WHERE distributor_organisation_id IS NOT NULL`,
  );
  const booklets = (await handedOutBooklets(testApp)).filter(
    (booklet) =>
      inScope.has(booklet.programmeId) &&
      (!period.distributorId || booklet.distributorId === period.distributorId) &&
      dayInPeriod(booklet.handedOutOn, period, today) &&
      select(booklet),
  );
  const handedOutCents = booklets.reduce((sum, booklet) => sum + booklet.cheques * booklet.faceValueCents, 0);
  const usedCents = booklets.reduce((sum, booklet) => sum + booklet.used * booklet.faceValueCents, 0);
  const delays = booklets.filter((booklet) => booklet.firstUseDays !== null).map((booklet) => booklet.firstUseDays!);
  const stuckBefore = localDate(new Date(Date.parse(`${today}T12:00:00Z`) - 30 * 86_400_000));
  return {
    bought: period.distributorId
      ? 0
      : programmes
          .filter((p) => inScope.has(p.id) && dayInPeriod(p.ordered_on, period, today))
          .reduce((sum, p) => sum + p.booklet_count, 0),
    allocated: allocations.filter(
      (a) =>
        inScope.has(a.programme_id) &&
        (!period.distributorId || a.distributor === period.distributorId) &&
        dayInPeriod(a.allocated_on, period, today),
    ).length,
    handedOut: booklets.length,
    firstUsed: booklets.filter((booklet) => booklet.used > 0).length,
    fullyUsed: booklets.filter((booklet) => booklet.used === booklet.cheques).length,
    expired: booklets.filter((booklet) => booklet.expired).length,
    handedOutCents,
    usedCents,
    valueUseRate: handedOutCents > 0 ? Math.round((usedCents / handedOutCents) * 1000) / 1000 : null,
    medianDaysToFirstUse: delays.length >= k ? median(delays) : null,
    unusedAfter30Days: booklets.filter((booklet) => booklet.used === 0 && !booklet.expired && booklet.handedOutOn <= stuckBefore).length,
  };
}
