/**
 * Statistical secrecy over HTTP (docs/statistical-secrecy.md): a programme of 40 people over the last
 * two months, its dashboard, CSV files and the open usage data read the way a statistician would:
 * nothing of 1 to 4 people shown or worked out by subtraction, two answers compared without gain,
 * and the figures of the last refresh, never a stale suppression.
 */
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import { addDays, addMonths, AGE_BAND_LABELS, firstDayOfMonth, lastDayOfMonth, localDate, SITUATION_LABELS } from '@app/domain';
import { ReportingRefreshService } from '@app/reporting';
import { createProgramme } from '../helpers/programmes';
import { type AnsweredTable, secrecyBreaches } from '../helpers/reporting';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const K = 5;
const TODAY = localDate(new Date());
const LAST_MONTH = firstDayOfMonth(addMonths(firstDayOfMonth(TODAY), -1));
const MONTH_BEFORE = firstDayOfMonth(addMonths(LAST_MONTH, -1));

/** [how many, age band, situation, commune, month]: hand-outs of the programme. */
const PEOPLE: Array<[number, string | null, string | null, string | null, string]> = [
  [12, '60_74', 'retraite', '33063', LAST_MONTH],
  [6, '26_44', 'demandeur_emploi', '33063', LAST_MONTH],
  [3, '45_59', 'allocataire_rsa', '33318', LAST_MONTH],
  [2, 'moins_de_26', 'etudiant', '33039', LAST_MONTH],
  [1, '75_et_plus', 'retraite', '33318', LAST_MONTH],
  [6, null, null, null, LAST_MONTH],
  [8, '60_74', 'retraite', '33063', MONTH_BEFORE],
  [2, '26_44', 'demandeur_emploi', '33318', MONTH_BEFORE],
];

describe('statistical secrecy of the dashboard, its CSV files and the open usage data', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let operator: TestAgent;
  let distributor: TestAgent;
  let programme: { id: string; code: string };
  let next = 1;

  const handOut = async (ageBand: string | null, situation: string | null, communeCode: string | null, on: string): Promise<void> => {
    await distributor
      .post('/api/hand-outs')
      .send({
        bookletSerial: `${programme.code}-${String(next++).padStart(5, '0')}`,
        handedOutOn: on,
        ...(ageBand ? { ageBand } : {}),
        ...(situation ? { situation } : {}),
        ...(communeCode ? { communeCode } : {}),
      })
      .expect(201);
  };
  const dashboard = async (query: Record<string, string> = {}) =>
    (await funder.get(`/api/reporting/dashboard?${new URLSearchParams({ programmeId: programme.id, ...query })}`).expect(200)).body;
  const peopleTables = (body: { tables: AnsweredTable[] }) => body.tables.filter((table) => table.aboutPeople);

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    distributor = await loginAs(testApp, DEMO.distributorAgent);
    programme = await createProgramme({
      funder,
      operator,
      until: 'active',
      input: { name: 'Programme secret', bookletCount: 45, validFrom: addDays(MONTH_BEFORE, -5), eligibleServices: [] },
    });
    const [{ id: distributorId }]: Array<{ id: string }> = await testApp.dataSource.query(
      `SELECT o.id FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE u.email = $1`,
      [DEMO.distributorAgent],
    );
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: programme.id, fromNumber: 1, toNumber: 45, distributorOrganisationId: distributorId })
      .expect(201);
    for (const [count, age, situation, commune, month] of PEOPLE)
      for (let i = 0; i < count; i++) await handOut(age, situation, commune, addDays(month, (i * 3) % 25));
    await testApp.app.get(ReportingRefreshService).refresh();
  });
  afterAll(() => testApp.close());

  it('no people figure of 1 to 4 is shown or worked out by subtraction, in the API and in every CSV, for any period', async () => {
    const periods: Array<Record<string, string>> = [
      {},
      { from: LAST_MONTH, to: lastDayOfMonth(LAST_MONTH) },
      { from: addDays(MONTH_BEFORE, 9), to: addDays(LAST_MONTH, 13) },
    ];
    for (const period of periods) {
      const body = await dashboard(period);
      expect(secrecyBreaches(body.tables, K)).toEqual([]);
      for (const table of peopleTables(body)) {
        const csv = await funder.get(
          `/api/reporting/dashboard/${table.id}.csv?${new URLSearchParams({ programmeId: programme.id, ...period })}`,
        );
        const [, ...lines]: string[][] = parse(csv.text.slice(1));
        const counts = table.columns.flatMap((column, index) => (column.kind === 'count' ? [index] : []));
        for (const line of lines)
          for (const index of counts) expect(line[index] === 'secret' || Number(line[index]) === 0 || Number(line[index]) >= K).toBe(true);
      }
    }
    // Not vacuous: the profile table shows figures next to hidden ones, totals included.
    const profile = (await dashboard()).tables.find((table: AnsweredTable) => table.id === 'profils');
    const cells = profile.rows
      .flatMap((row: Record<string, unknown>) => Object.values(row))
      .filter((cell: unknown) => typeof cell !== 'string');
    expect(cells.some((cell: unknown) => typeof cell === 'number' && cell >= K)).toBe(true);
    expect(cells.some((cell: unknown) => typeof cell === 'object')).toBe(true);
    expect(profile.total.total).toBe(40);
  });

  it('attack d: two periods a day apart give the same people figures, and the answer says the period was widened to whole months', async () => {
    const first = await dashboard({ from: addDays(LAST_MONTH, 2), to: addDays(LAST_MONTH, 19) });
    const second = await dashboard({ from: addDays(LAST_MONTH, 2), to: addDays(LAST_MONTH, 20) });
    expect(peopleTables(second)).toEqual(peopleTables(first));
    expect(second.people).toBe(first.people);
    expect(first.peoplePeriod).toEqual({ from: LAST_MONTH, to: lastDayOfMonth(LAST_MONTH), snapped: true });
    // The cheque figures keep the exact days.
    expect(first.scope).toMatchObject({ from: addDays(LAST_MONTH, 2), to: addDays(LAST_MONTH, 19) });
    // The month in progress is not counted before it ends.
    const now = await dashboard({ from: firstDayOfMonth(TODAY), to: TODAY });
    expect([now.peoplePeriod, now.people]).toEqual([null, 0]);
    expect(now.tables.find((table: AnsweredTable) => table.id === 'profils').rows).toEqual([]);
  });

  it('comparing answers gains nothing: what two answers both show differs by 0 or by 5 or more', async () => {
    const answers = [
      await dashboard(),
      await dashboard({ from: LAST_MONTH }),
      await dashboard({ to: lastDayOfMonth(MONTH_BEFORE) }),
      (await funder.get('/api/reporting/dashboard').expect(200)).body,
    ];
    const figures = (body: { tables: AnsweredTable[] }) =>
      new Map(
        peopleTables(body).flatMap((table) =>
          [...table.rows, ...(table.total ? [table.total] : [])].flatMap((row) =>
            Object.entries(row)
              .filter(([, cell]) => typeof cell === 'number')
              .map(([key, cell]) => [`${table.id} ${String(row.label)} ${key}`, cell as number] as const),
          ),
        ),
      );
    for (const a of answers)
      for (const b of answers) {
        const [shownA, shownB] = [figures(a), figures(b)];
        for (const [key, value] of shownA) {
          const other = shownB.get(key);
          if (other !== undefined) expect([key, Math.abs(value - other) === 0 || Math.abs(value - other) >= K]).toEqual([key, true]);
        }
      }
  });

  it('a refresh recomputes suppression with the values: every shown figure is the raw count of people, before and after new hand-outs', async () => {
    const check = async (): Promise<void> => {
      const body = await dashboard();
      const raw: Array<{ age_band: string | null; situation: string | null; people: number }> = await testApp.dataSource.query(
        `SELECT h.age_band, h.situation, count(DISTINCT h.id)::int AS people FROM hand_outs h JOIN cheques c ON c.hand_out_id = h.id
          WHERE c.programme_id = $1 AND h.handed_out_on < $2::date GROUP BY 1, 2`,
        [programme.id, firstDayOfMonth(TODAY)],
      );
      const profile = body.tables.find((table: AnsweredTable) => table.id === 'profils') as AnsweredTable;
      const ageOf = (label: unknown) => Object.entries(AGE_BAND_LABELS).find(([, text]) => text === label)?.[0] ?? null;
      const situationOf = (key: string) => (key === 'non_renseigne' ? null : key);
      let shown = 0;
      for (const row of profile.rows)
        for (const column of profile.columns.filter(
          (candidate) => candidate.key in SITUATION_LABELS || candidate.key === 'non_renseigne',
        )) {
          const cell = row[column.key];
          if (typeof cell !== 'number') continue;
          const expected = raw.find((r) => r.age_band === ageOf(row.label) && r.situation === situationOf(column.key))?.people ?? 0;
          expect([row.label, column.key, cell]).toEqual([row.label, column.key, expected]);
          shown++;
        }
      expect(shown).toBeGreaterThan(0);
      expect(secrecyBreaches(body.tables, K)).toEqual([]);
    };
    await check();
    // Two more people of 45-59 on the RSA last month (3 → 5), one more of 75 and over: shown only once refreshed.
    await handOut('45_59', 'allocataire_rsa', '33318', addDays(LAST_MONTH, 4));
    await handOut('45_59', 'allocataire_rsa', '33318', addDays(LAST_MONTH, 5));
    await handOut('75_et_plus', 'retraite', '33318', addDays(LAST_MONTH, 6));
    expect((await dashboard()).people).toBe(40);
    await testApp.app.get(ReportingRefreshService).refresh();
    expect((await dashboard()).people).toBe(43);
    await check();
  });

  it('the open usage data: months over only, no count of 1 to 4 cheques, hidden cells read « secret »', async () => {
    const csv = await testApp.anonymous().get('/api/open-data/usage.csv').expect(200);
    const [header, ...lines]: string[][] = parse(csv.text.slice(1));
    const column = (name: string) => header.indexOf(name);
    for (const line of lines) {
      expect(line[column('mois')] < TODAY.slice(0, 7)).toBe(true);
      const cheques = line[column('cheques_utilises')];
      expect(cheques === 'secret' ? line[column('secret_statistique')] : Number(cheques) >= K).toBeTruthy();
    }
  });
});
