/**
 * Funder dashboards, expiry alerts and open usage data on a seeded scenario: two funders, several
 * places, two distributors, hand-outs and redemptions spread over three months, lapsed orders and a
 * settlement batch. Every figure of the dashboard is checked against counts computed here,
 * independently, from the raw tables, and every amount against the ledger's postings.
 */
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import { addDays, centsToDecimal, closedMonthsOf, formatEuros, localDate, previousMonth } from '@app/domain';
import { RedemptionService } from '@app/redemption';
import { ReportingRefreshService } from '@app/reporting';
import { ExpiryService } from '@app/vouchers';
import { createOrganisationWithUser, type OrganisationWithUser, userActorOf } from '../helpers/fixtures';
import { binaryBody, pdfText, POPPLER } from '../helpers/pdf';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { addCatalogueService, qualifiedPlaceWithService, redeem } from '../helpers/redemption';
import {
  amountsOf,
  type AnsweredTable,
  dayInPeriod,
  handedOutBooklets,
  independentFunnel,
  ledgerFigures,
  programmesInScope,
  type ReportingPeriod,
  secrecyBreaches,
} from '../helpers/reporting';
import { approveAndExport, createBatch, databaseNow, submitBankDetails, verifyBankDetails } from '../helpers/settlement';
import { parseTableSchema, validateTable } from '../helpers/table-schema';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const TODAY = localDate(new Date());
const day = (offset: number): string => addDays(TODAY, offset);
/** Noon, Paris time, `offset` days from today: far from midnight, so the day is the same in every time zone used. */
const noon = (offset: number): Date => new Date(`${day(offset)}T11:00:00Z`);
/** The 14th of last month, from today: a busy day for place B (its commune gets rows of its own in the usage dataset). */
const BUSY = (Date.parse(`${previousMonth(new Date())}-14`) - Date.parse(TODAY)) / 86_400_000;

interface Scenario {
  operator: TestAgent;
  funderA: TestAgent;
  funderB: TestAgent;
  funderBOrganisation: OrganisationWithUser;
  distributorB: OrganisationWithUser;
  programmeA: { id: string; code: string };
  programmeB: { id: string; code: string };
  placeB: { placeId: string; serviceId: string; agent: TestAgent; email: string };
  spareCodeA: string;
}

type Period = ReportingPeriod;

describe('funder dashboards and open usage data', () => {
  let testApp: TestApp;
  let world: Scenario;

  beforeAll(async () => {
    testApp = await startTestApp();
    world = await scenario(testApp);
    await testApp.app.get(ReportingRefreshService).refresh();
  });
  afterAll(() => testApp.close());

  it('the dashboard numbers equal counts computed independently from the raw tables, for each funder, programme and period', async () => {
    const funderAId = await organisationOf(testApp, DEMO.funderManager);
    const cases: Array<[TestAgent, Period]> = [
      [world.funderA, { funderId: funderAId }],
      [world.funderA, { funderId: funderAId, programmeId: world.programmeA.id, from: day(-60), to: day(-1) }],
      [world.funderB, { funderId: world.funderBOrganisation.organisation.id }],
      [world.operator, {}],
      [world.operator, { programmeId: world.programmeB.id, from: day(-45) }],
    ];
    for (const [agent, period] of cases) {
      const query = new URLSearchParams(
        Object.entries({ programmeId: period.programmeId, from: period.from, to: period.to }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const { body } = await agent.get(`/api/reporting/dashboard?${query}`).expect(200);
      const expected = await independentFigures(testApp, period);
      expect(body.totals).toEqual(expected.totals);
      expect(body.rateOfUse).toEqual(expected.rateOfUse);
      expect(body.medianDaysToFirstUse).toEqual(expected.medianDaysToFirstUse);
      expect(body.people).toBe(expected.people);
      const places = body.tables.find((table: { id: string }) => table.id === 'lieux');
      expect(Object.fromEntries(places.rows.map((row: { label: string; cheques: number }) => [row.label, row.cheques]))).toEqual(
        expected.redeemedByPlace,
      );
      for (const unit of ['week', 'month'] as const) {
        const series: Array<{ handedOut: number; redeemed: number; redeemedAmountCents: number }> = body.series[unit];
        expect(series.reduce((sum, point) => sum + point.redeemed, 0)).toBe(expected.totals.redeemed.cheques);
        expect(series.reduce((sum, point) => sum + point.handedOut, 0)).toBe(expected.totals.handedOut.cheques);
        expect(series.reduce((sum, point) => sum + point.redeemedAmountCents, 0)).toBe(expected.totals.redeemed.amountCents);
      }
    }
  });

  it('every amount of the dashboard equals the ledger’s postings, for a programme, a funder’s programmes and the operator across funders', async () => {
    const funderAId = await organisationOf(testApp, DEMO.funderManager);
    const cases: Array<[TestAgent, Period]> = [
      [world.funderA, { funderId: funderAId }],
      [world.funderA, { funderId: funderAId, programmeId: world.programmeA.id }],
      [world.funderA, { funderId: funderAId, programmeId: world.programmeA.id, from: day(-60), to: day(-1) }],
      [world.funderB, { funderId: world.funderBOrganisation.organisation.id }],
      [world.funderB, { funderId: world.funderBOrganisation.organisation.id, to: day(-1) }],
      [world.operator, {}],
      [world.operator, { from: day(-45) }],
      [world.operator, { programmeId: world.programmeB.id, from: day(-70), to: day(-40) }],
    ];
    for (const [agent, period] of cases) {
      const query = new URLSearchParams(
        Object.entries({ programmeId: period.programmeId, from: period.from, to: period.to }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const { body } = await agent.get(`/api/reporting/dashboard?${query}`).expect(200);
      const ledger = await ledgerFigures(testApp, period, TODAY);
      const table = (id: string) => body.tables.find((candidate: { id: string }) => candidate.id === id);
      expect({ period, totals: body.totals }).toMatchObject({
        period,
        totals: {
          funded: { amountCents: ledger.fundedCents },
          redeemed: { amountCents: ledger.redeemedCents },
          settled: { amountCents: ledger.settledCents },
          expired: { amountCents: ledger.expiredCents },
          cancelled: { amountCents: ledger.cancelledCents },
        },
      });
      expect(amountsOf(table('lieux'), 'amount', (row) => String(row.label))).toEqual(ledger.redeemedByPlace);
      expect(amountsOf(table('services'), 'amount', (row) => `${row.label} / ${row.modality}`)).toEqual(ledger.redeemedByService);
      const months = body.series.month as Array<{ period: string; redeemedAmountCents: number }>;
      expect(
        Object.fromEntries(
          months.filter((point) => point.redeemedAmountCents !== 0).map((point) => [point.period, point.redeemedAmountCents]),
        ),
      ).toEqual(ledger.redeemedByMonth);
    }
    // Funder B's two lapsed orders: ten cheques expired, but only the order it paid (afterwards) gives value back.
    const b = (await world.funderB.get('/api/reporting/dashboard').expect(200)).body;
    expect(b.totals.expired).toEqual({ cheques: 10, amountCents: 5 * 1000 });
    // Across funders and all time, what places were paid is the bank's net outflow to them in the ledger.
    const [{ paid }]: Array<{ paid: string }> = await testApp.dataSource.query(
      `SELECT coalesce(-sum(p.amount_cents), 0)::text AS paid FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
        WHERE e.kind IN ('settlement_paid', 'settlement_rejected') AND p.account_kind = 'bank'`,
    );
    const all = (await world.operator.get('/api/reporting/dashboard').expect(200)).body;
    expect(all.totals.settled.amountCents).toBe(Number(paid));
  });

  it('the scenario is not trivial: each measure has something in it', async () => {
    const { body } = await world.operator.get('/api/reporting/dashboard').expect(200);
    for (const measure of ['issued', 'funded', 'handedOut', 'redeemed', 'settled', 'expired', 'cancelled']) {
      expect(body.totals[measure].cheques).toBeGreaterThan(0);
    }
    // Place B's transfer came back: its cheques are used but not settled; the médiathèque's are.
    const settled: Array<{ place: string; status: string }> = await testApp.dataSource.query(
      `SELECT DISTINCT p.nom AS place, c.status FROM cheques c JOIN redemption_cheques rc ON rc.cheque_id = c.id AND rc.released_at IS NULL
         JOIN redemptions r ON r.id = rc.redemption_id JOIN places p ON p.id = r.place_id WHERE c.programme_id = $1`,
      [world.programmeB.id],
    );
    expect(settled).toEqual(
      expect.arrayContaining([
        { place: 'Lieu B', status: 'redeemed' },
        { place: 'Médiathèque Flora Tristan', status: 'settled' },
      ]),
    );
    expect(body.series.month.length).toBeGreaterThanOrEqual(3);
    expect(body.tables.map((table: { id: string }) => table.id)).toEqual(
      expect.arrayContaining([
        'lieux',
        'services',
        'distributeurs',
        'profils',
        'communes-beneficiaires',
        'activite-lieux',
        'qualification',
      ]),
    );
  });

  it('the operator sees every qualified place’s activity and the qualification pipeline, as the raw tables count them', async () => {
    const { body } = await world.operator.get('/api/reporting/dashboard').expect(200);
    const table = (id: string) => body.tables.find((candidate: { id: string }) => candidate.id === id);
    const places: Array<{ nom: string; qualified_until: string | null; suspended: boolean }> = await testApp.dataSource.query(
      `SELECT nom, to_char(qualified_until, 'YYYY-MM-DD') AS qualified_until, suspended_at IS NOT NULL AS suspended FROM places`,
    );
    const state = (place: (typeof places)[number]): string =>
      place.suspended ? 'suspendu' : place.qualified_until! >= TODAY ? 'qualifié' : 'qualification expirée';
    const everQualified = places.filter((place) => place.qualified_until !== null);
    const activity = table('activite-lieux').rows as Array<{ label: string; state: string; cheques: number }>;
    expect(activity.map((row) => [row.label, row.state]).sort()).toEqual(everQualified.map((place) => [place.nom, state(place)]).sort());
    const { redeemedByPlace } = await independentFigures(testApp, {});
    expect(Object.fromEntries(activity.filter((row) => row.cheques > 0).map((row) => [row.label, row.cheques]))).toEqual(redeemedByPlace);

    const applications: Array<{ status: string }> = await testApp.dataSource.query('SELECT status FROM qualification_applications');
    const count = <T>(rows: T[], test: (row: T) => boolean): number => rows.filter(test).length;
    const live = places.filter((place) => !place.suspended && place.qualified_until !== null);
    expect(Object.fromEntries(table('qualification').rows.map((row: { label: string; count: number }) => [row.label, row.count]))).toEqual({
      'Candidatures en préparation': count(applications, (row) => row.status === 'draft'),
      'Candidatures à examiner': count(applications, (row) => row.status === 'submitted'),
      'Compléments demandés': count(applications, (row) => row.status === 'changes_requested'),
      'Lieux qualifiés': count(live, (place) => place.qualified_until! >= TODAY),
      'Qualifications expirant dans 60 jours': count(live, (place) => place.qualified_until! >= TODAY && place.qualified_until! < day(60)),
      'Qualifications expirées': count(live, (place) => place.qualified_until! < TODAY),
      'Lieux suspendus': count(places, (place) => place.suspended),
    });
    expect(table('qualification').rows.some((row: { count: number }) => row.count > 0)).toBe(true);
  });

  it('a funder never sees another funder’s programme, figures or exports', async () => {
    const b = world.programmeB.id;
    const own = await world.funderA.get('/api/reporting/dashboard').expect(200);
    expect(own.body.scope.programmes.map((programme: { id: string }) => programme.id)).not.toContain(b);
    expect(own.body.tables.map((table: { id: string }) => table.id)).not.toContain('activite-lieux');
    for (const path of [
      `/api/reporting/dashboard?programmeId=${b}`,
      `/api/reporting/dashboard/lieux.csv?programmeId=${b}`,
      `/api/reporting/programmes/${b}/summary.pdf`,
    ]) {
      const response = await world.funderA.get(path).expect(404);
      expect(response.body).toMatchObject({ code: 'not_found' });
    }
    // Place B redeemed cheques of both funders: funder A's table of places shows only its own cheques there.
    const aPlaces = own.body.tables.find((table: { id: string }) => table.id === 'lieux');
    const expected = await independentFigures(testApp, { funderId: await organisationOf(testApp, DEMO.funderManager) });
    expect(aPlaces.rows.find((row: { label: string }) => row.label === 'Lieu B')?.cheques).toBe(expected.redeemedByPlace['Lieu B']);
    await world.placeB.agent.get('/api/reporting/dashboard').expect(403);
  });

  it('people tables: every hidden figure reads « secret », nothing shown or worked out by subtraction is below 5, in the API and the CSV', async () => {
    for (const agent of [world.operator, world.funderA, world.funderB]) {
      for (const query of ['', `?from=${day(-70)}&to=${day(-20)}`, `?from=${day(-70)}&to=${day(-21)}`]) {
        const { body } = await agent.get(`/api/reporting/dashboard${query}`).expect(200);
        expect(secrecyBreaches(body.tables, 5)).toEqual([]);
        const hidden = (body.tables as AnsweredTable[])
          .filter((table) => table.aboutPeople)
          .flatMap((table) => [...table.rows, ...(table.total ? [table.total] : [])].flatMap((row) => Object.values(row)))
          .filter((cell) => typeof cell === 'object' && cell !== null);
        expect(hidden.every((cell) => JSON.stringify(cell) === '{"hidden":"secret"}')).toBe(true);
        // The people headline is the tables' grand total.
        const profile = body.tables.find((table: { id: string }) => table.id === 'profils');
        if (profile.rows.length > 0) expect(profile.total.total).toEqual(body.people === 'secret' ? { hidden: 'secret' } : body.people);
      }
    }
    const csv = await world.operator.get('/api/reporting/dashboard/profils.csv').expect(200);
    const [, ...lines]: string[][] = parse(csv.text.slice(1));
    for (const cell of lines.flatMap((line) => line.slice(1)))
      expect(cell === 'secret' || Number(cell) === 0 || Number(cell) >= 5).toBe(true);
  });

  it('figures are those of the last refresh, which the dashboard dates; a refresh brings new redemptions in', async () => {
    const before = (await world.funderA.get(`/api/reporting/dashboard?programmeId=${world.programmeA.id}`).expect(200)).body;
    await redeem(world.placeB.agent, [world.spareCodeA], world.placeB.serviceId).expect(201);
    const stale = (await world.funderA.get(`/api/reporting/dashboard?programmeId=${world.programmeA.id}`).expect(200)).body;
    expect(stale.totals.redeemed).toEqual(before.totals.redeemed);
    expect(stale.refreshedAt).toBe(before.refreshedAt);
    await world.funderA.post('/api/reporting/refresh').expect(403);
    const refresh = await world.operator.post('/api/reporting/refresh').expect(200);
    expect(refresh.body.ran).toBe(true);
    const fresh = (await world.funderA.get(`/api/reporting/dashboard?programmeId=${world.programmeA.id}`).expect(200)).body;
    expect(fresh.totals.redeemed.cheques).toBe(before.totals.redeemed.cheques + 1);
    expect(fresh.totals.redeemed.amountCents).toBe(before.totals.redeemed.amountCents + 1000);
    expect(Date.parse(fresh.refreshedAt)).toBeGreaterThan(Date.parse(before.refreshedAt));
  });

  it('bad periods and ids are 400s naming the field', async () => {
    const wrongDate = await world.funderA.get('/api/reporting/dashboard?from=2026-13-45').expect(400);
    expect(wrongDate.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'from' }] });
    const reversed = await world.funderA.get(`/api/reporting/dashboard?from=${day(-1)}&to=${day(-10)}`).expect(400);
    expect(reversed.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'to', problems: ['must not be before from'] }] });
    const badId = await world.funderA.get('/api/reporting/dashboard?programmeId=nope').expect(400);
    expect(badId.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'programmeId' }] });
    await world.funderA.get('/api/reporting/dashboard/unknown-table.csv').expect(404);
    // Days that do not exist or that PostgreSQL cannot hold (issue 18), on the dashboard and its exports.
    for (const path of ['/api/reporting/dashboard', '/api/reporting/dashboard/services.csv']) {
      for (const query of ['from=0000-01-01', 'to=2026-02-30', 'from=9999-12-31']) {
        const far = await world.funderA.get(`${path}?${query}`).expect(400);
        expect(far.body).toMatchObject({
          code: 'validation_failed',
          details: [{ field: query.split('=')[0], problems: ['must be a real day from 1900-01-01 to 2200-12-31'] }],
        });
      }
    }
  });

  it('every table, the operator’s too, has its CSV (UTF-8 with BOM) with the same cells; a programme its printable PDF summary', async () => {
    const cell = (kind: string, value: unknown): string =>
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? (value as { hidden: string }).hidden
          : kind === 'amount'
            ? centsToDecimal(value as number)
            : String(value);
    for (const agent of [world.funderA, world.operator]) {
      const { body } = await agent.get('/api/reporting/dashboard').expect(200);
      for (const table of body.tables as Array<{
        id: string;
        columns: Array<{ key: string; label: string; kind: string }>;
        rows: Array<Record<string, unknown>>;
        total?: Record<string, unknown>;
      }>) {
        const csv = await agent.get(`/api/reporting/dashboard/${table.id}.csv`).expect(200);
        expect(csv.text.charCodeAt(0)).toBe(0xfeff);
        const [header, ...rows] = parse(csv.text.slice(1)) as string[][];
        expect(header).toEqual(table.columns.map((column) => column.label));
        const expected = [...table.rows, ...(table.total ? [table.total] : [])].map((row) =>
          table.columns.map((column) => cell(column.kind, row[column.key])),
        );
        expect([table.id, rows]).toEqual([table.id, expected]);
      }
    }
    const pdf = await world.funderA
      .get(`/api/reporting/programmes/${world.programmeA.id}/summary.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    if (POPPLER) {
      const { body } = await world.funderA.get(`/api/reporting/dashboard?programmeId=${world.programmeA.id}`).expect(200);
      const text = pdfText(pdf.body as Buffer);
      expect(text).toContain('Synthèse du programme « Programme A »');
      expect(text).toMatch(
        new RegExp(
          `Utilisés dans un lieu\\s+${body.totals.redeemed.cheques}\\s+${formatEuros(body.totals.redeemed.amountCents).replace(/[\u202f\u00a0]/g, ' ')}`,
        ),
      );
      expect(text).toContain('Lieu B');
    }
  });

  it('expiry alerts: the funder on its dashboard, each distributor for what it holds', async () => {
    const { body } = await world.funderB.get('/api/reporting/dashboard').expect(200);
    const expectedB = await alertFacts(testApp, world.programmeB.id);
    expect(body.alerts).toEqual([
      {
        programmeId: world.programmeB.id,
        programmeName: 'Programme B',
        validUntil: day(12),
        daysLeft: 12,
        level: 15,
        bookletsNotHandedOut: expectedB.booklets,
        chequesHandedOutUnused: expectedB.unused,
      },
    ]);
    // Funder A's alerts are its own (the demo programme ending in 20 days), never programme B.
    const alertsA = (await world.funderA.get('/api/reporting/expiry-alerts').expect(200)).body;
    expect(alertsA.map((alert: { programmeName: string; level: number }) => [alert.programmeName, alert.level])).toEqual([
      ['Pass numérique Bordeaux Métropole 2026 (démo)', 30],
    ]);
    const distributorB = await loginAs(testApp, world.distributorB.email);
    const own = (await distributorB.get('/api/reporting/expiry-alerts').expect(200)).body;
    const expectedForB = await alertFacts(testApp, world.programmeB.id, world.distributorB.organisation.id);
    expect(own).toEqual([
      expect.objectContaining({ level: 15, bookletsNotHandedOut: expectedForB.booklets, chequesHandedOutUnused: expectedForB.unused }),
    ]);
    expect(expectedForB.booklets).toBeLessThan(expectedB.booklets);
  });

  describe('usage funnel', () => {
    const K = 5;
    const funnelQuery = (period: Period): string =>
      new URLSearchParams(
        Object.entries({ programmeId: period.programmeId, from: period.from, to: period.to }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ).toString();
    const tableOf = (body: { tables: AnsweredTable[] }, id: string): AnsweredTable => body.tables.find((table) => table.id === id)!;
    const lineOf = (table: AnsweredTable, label: string): Record<string, unknown> | undefined =>
      table.rows.find((row) => row.label === label);

    beforeAll(async () => {
      await testApp.app.get(ReportingRefreshService).refresh();
    });

    it('each step, the value used and the median delay equal what the raw rows give, for each funder, programme and period', async () => {
      const funderAId = await organisationOf(testApp, DEMO.funderManager);
      const cases: Array<[TestAgent, Period]> = [
        [world.funderA, { funderId: funderAId }],
        [world.funderA, { funderId: funderAId, programmeId: world.programmeA.id, from: day(-60), to: day(-1) }],
        [world.funderB, { funderId: world.funderBOrganisation.organisation.id }],
        [world.operator, {}],
        [world.operator, { from: day(-76), to: day(-15) }],
      ];
      for (const [agent, period] of cases) {
        const { body } = await agent.get(`/api/reporting/dashboard?${funnelQuery(period)}`).expect(200);
        expect({ period, funnel: body.funnel }).toEqual({ period, funnel: await independentFunnel(testApp, period, TODAY, K) });
        const steps = tableOf(body, 'entonnoir');
        expect(steps.rows.map((row) => row.booklets)).toEqual(
          ['bought', 'allocated', 'handedOut', 'firstUsed', 'fullyUsed', 'expired'].map((key) => body.funnel[key]),
        );
        // By programme and by distributor: each line is the funnel of its booklets alone.
        const booklets = await handedOutBooklets(testApp);
        for (const name of new Set(booklets.map((booklet) => booklet.programmeName))) {
          const expected = await independentFunnel(testApp, period, TODAY, K, (booklet) => booklet.programmeName === name);
          const line = lineOf(tableOf(body, 'entonnoir-programmes'), name);
          if (expected.handedOut === 0) continue;
          expect({ name, line }).toMatchObject({
            name,
            line: {
              handedOut: expected.handedOut,
              firstUsed: expected.firstUsed,
              fullyUsed: expected.fullyUsed,
              expired: expected.expired,
              handedOutAmount: expected.handedOutCents,
              usedAmount: expected.usedCents,
              valueUseRate: expected.valueUseRate,
              medianDays: expected.medianDaysToFirstUse,
            },
          });
        }
        for (const name of new Set(booklets.map((booklet) => booklet.distributor))) {
          const expected = await independentFunnel(testApp, period, TODAY, K, (booklet) => booklet.distributor === name);
          const line = lineOf(tableOf(body, 'entonnoir-distributeurs'), name);
          if (expected.handedOut === 0) continue;
          expect({ name, line }).toMatchObject({
            name,
            line: {
              handedOut: expected.handedOut,
              firstUsed: expected.firstUsed,
              fullyUsed: expected.fullyUsed,
              expired: expected.expired,
              usedAmount: expected.usedCents,
              unusedAfter30Days: expected.unusedAfter30Days,
            },
          });
        }
      }
    });

    it('the scenario is not trivial: every step of the operator’s funnel has booklets, and some are stuck', async () => {
      const { body } = await world.operator.get('/api/reporting/dashboard').expect(200);
      for (const step of ['bought', 'allocated', 'handedOut', 'firstUsed', 'fullyUsed', 'expired', 'unusedAfter30Days'])
        expect({ step, count: body.funnel[step] }).toEqual({ step, count: expect.any(Number) as number });
      expect(
        Math.min(
          ...['bought', 'allocated', 'handedOut', 'firstUsed', 'fullyUsed', 'expired', 'unusedAfter30Days'].map(
            (step) => body.funnel[step],
          ),
        ),
      ).toBeGreaterThan(0);
    });

    it('by commune and age band: people under secrecy (nothing from 1 to K−1), on whole months over, lines adding up where shown', async () => {
      for (const agent of [world.operator, world.funderA, world.funderB]) {
        for (const query of ['', `?from=${day(-70)}&to=${day(-20)}`]) {
          const { body } = await agent.get(`/api/reporting/dashboard${query}`).expect(200);
          const people = body.tables.filter((table: AnsweredTable) => table.id === 'entonnoir-communes' || table.id === 'entonnoir-ages');
          expect(people.map((table: AnsweredTable) => table.aboutPeople)).toEqual([true, true]);
          expect(secrecyBreaches(people, K)).toEqual([]);
          if (agent !== world.operator) continue;
          // The operator's lines cover the booklets of whole months over: those shown add up to no more than the raw rows give.
          const months = closedMonthsOf(query ? day(-70) : null, query ? day(-20) : TODAY, TODAY);
          const inMonths = months
            ? (await independentFunnel(testApp, { from: months.from ?? undefined, to: months.to }, TODAY, K)).handedOut
            : 0;
          for (const table of people as AnsweredTable[]) {
            const shown = table.rows.map((row) => row.handedOut).filter((cell): cell is number => typeof cell === 'number');
            expect(shown.reduce((sum, value) => sum + value, 0)).toBeLessThanOrEqual(inMonths);
          }
        }
      }
    });

    it('a distributor sees its own funnel only (no other structure, no order), with its CSV', async () => {
      const ccas = await loginAs(testApp, DEMO.distributorAgent);
      const ccasId = await organisationOf(testApp, DEMO.distributorAgent);
      const agentB = await loginAs(testApp, world.distributorB.email);
      for (const [agent, distributorId] of [
        [ccas, ccasId],
        [agentB, world.distributorB.organisation.id],
      ] as const) {
        const { body } = await agent.get('/api/reporting/funnel').expect(200);
        expect(body.funnel).toEqual(await independentFunnel(testApp, { distributorId }, TODAY, K));
        expect(body.tables.map((table: AnsweredTable) => table.id)).toEqual([
          'entonnoir',
          'entonnoir-programmes',
          'entonnoir-communes',
          'entonnoir-ages',
        ]);
        expect(secrecyBreaches(body.tables, K)).toEqual([]);
        const csv = await agent.get('/api/reporting/funnel/entonnoir-programmes.csv?format=excel-fr').expect(200);
        expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(csv.text.split('\r\n')[0]).toContain('"Carnets remis";');
      }
      const other = (await agentB.get(`/api/reporting/funnel?programmeId=${world.programmeA.id}`).expect(200)).body;
      expect(other.funnel).toEqual(
        await independentFunnel(testApp, { distributorId: world.distributorB.organisation.id, programmeId: world.programmeA.id }, TODAY, K),
      );
      // A programme it holds no booklet of is not found; funders and places have no distributor funnel.
      await agentB
        .get(`/api/reporting/funnel?programmeId=${(await createOrganisationWithUser(testApp, 'funder')).organisation.id}`)
        .expect(404);
      await world.funderA.get('/api/reporting/funnel').expect(403);
      await world.placeB.agent.get('/api/reporting/funnel').expect(403);
      await ccas.get('/api/reporting/funnel?from=2026-13-01').expect(400);
      await ccas.get('/api/reporting/funnel/inconnu.csv').expect(404);
    });
  });

  describe('open data', () => {
    it('usage.csv follows its published TableSchema, hides small cells and names its licence in the JSON', async () => {
      await world.operator.post('/api/reporting/refresh').expect(200);
      const schemaResponse = await testApp.anonymous().get('/api/open-data/usage.schema.json').expect(200);
      const schema = parseTableSchema(JSON.parse(schemaResponse.text), 'usage.schema.json');
      const csv = await testApp.anonymous().get('/api/open-data/usage.csv').expect(200);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...lines]: string[][] = parse(csv.text.slice(1));
      const rows = lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
      expect(rows.length).toBeGreaterThan(0);
      expect(validateTable(schema, header, rows)).toEqual([]);
      for (const row of rows) {
        if (row.secret_statistique === 'true')
          expect([row.cheques_utilises, row.montant_euros, row.lieux_actifs]).toEqual(['secret', '', '']);
        else expect(Number(row.cheques_utilises)).toBeGreaterThanOrEqual(5);
      }
      expect(rows.some((row) => row.secret_statistique === 'true')).toBe(true);
      // Every published cell is exact, and each territory is the place's commune when it counts 4 × 5 cheques in the month, else its département.
      expect(rows.map((row) => usageKey(row))).toEqual([...new Set(rows.map((row) => usageKey(row)))]);
      const expected = await rawUsage(testApp);
      expect(rows.map((row) => usageKey(row)).sort()).toEqual([...expected.keys()].sort());
      for (const row of rows) {
        const raw = expected.get(usageKey(row))!;
        expect([usageKey(row), row.territoire]).toEqual([usageKey(row), raw.label]);
        if (row.secret_statistique === 'false') {
          expect([usageKey(row), Number(row.cheques_utilises), row.montant_euros, Number(row.lieux_actifs)]).toEqual([
            usageKey(row),
            raw.cheques,
            centsToDecimal(raw.cents),
            raw.places,
          ]);
        }
      }
      expect(new Set(rows.map((row) => row.niveau_territoire))).toEqual(new Set(['commune', 'departement']));
      const json = await testApp.anonymous().get('/api/open-data/usage.json').expect(200);
      expect(json.body.licence.name).toBe('Licence Ouverte / Open Licence version 2.0');
      expect(json.body.data).toHaveLength(rows.length);
    });

    it('funnel.csv follows its published TableSchema, hides small counts of booklets, and equals the raw rows where shown', async () => {
      await world.operator.post('/api/reporting/refresh').expect(200);
      const schemaResponse = await testApp.anonymous().get('/api/open-data/funnel.schema.json').expect(200);
      const schema = parseTableSchema(JSON.parse(schemaResponse.text), 'funnel.schema.json');
      const csv = await testApp.anonymous().get('/api/open-data/funnel.csv').expect(200);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...lines]: string[][] = parse(csv.text.slice(1));
      const rows = lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
      expect(rows.length).toBeGreaterThan(0);
      expect(validateTable(schema, header, rows)).toEqual([]);
      const counts = ['carnets_remis', 'premier_cheque_utilise', 'carnets_entierement_utilises', 'carnets_expires'];
      // Raw: booklets handed out in months over, by month and département of the commune given.
      const closed = TODAY.slice(0, 7);
      const raw = new Map<string, Awaited<ReturnType<typeof handedOutBooklets>>>();
      for (const booklet of await handedOutBooklets(testApp)) {
        if (booklet.handedOutOn.slice(0, 7) >= closed) continue;
        const key = `${booklet.handedOutOn.slice(0, 7)}/${booklet.communeCode ? booklet.communeCode.slice(0, 2) : 'inconnu'}`;
        raw.set(key, [...(raw.get(key) ?? []), booklet]);
      }
      expect(rows.map((row) => `${row.mois}/${row.code_departement}`).sort()).toEqual([...raw.keys()].sort());
      for (const row of rows) {
        const booklets = raw.get(`${row.mois}/${row.code_departement}`)!;
        for (const key of counts)
          expect([key, row[key] === 'secret' || Number(row[key]) === 0 || Number(row[key]) >= 5]).toEqual([key, true]);
        expect(row.secret_statistique).toBe(String(counts.some((key) => row[key] === 'secret')));
        const exact = {
          carnets_remis: booklets.length,
          premier_cheque_utilise: booklets.filter((booklet) => booklet.used > 0).length,
          carnets_entierement_utilises: booklets.filter((booklet) => booklet.used === booklet.cheques).length,
          carnets_expires: booklets.filter((booklet) => booklet.expired).length,
        };
        for (const key of counts)
          if (row[key] !== 'secret') expect([key, Number(row[key])]).toEqual([key, exact[key as keyof typeof exact]]);
        if (row.carnets_remis === 'secret')
          expect([row.valeur_remise_euros, row.valeur_utilisee_euros, row.part_valeur_utilisee]).toEqual(['', '', '']);
        else
          expect(row.valeur_remise_euros).toBe(
            centsToDecimal(booklets.reduce((sum, booklet) => sum + booklet.cheques * booklet.faceValueCents, 0)),
          );
      }
      // The scenario's months are small: some counts are hidden.
      expect(rows.some((row) => row.secret_statistique === 'true')).toBe(true);
      const json = await testApp.anonymous().get('/api/open-data/funnel.json').expect(200);
      expect(json.body.licence.name).toBe('Licence Ouverte / Open Licence version 2.0');
      expect(json.body.data).toHaveLength(rows.length);
    });

    it('the catalogue lists the six datasets with working download URLs, each dated as its Last-Modified says', async () => {
      const catalog = await testApp.anonymous().get('/api/open-data/catalog.json').expect(200);
      const datasets: CatalogDataset[] = catalog.body['dcat:dataset'];
      expect(datasets.map((dataset) => dataset['dct:identifier'])).toEqual([
        'lieux-mediation-numerique',
        'registre-qualifications',
        'usage-pass-numerique',
        'couverture-des-fonds',
        'entonnoir-pass-numerique',
        'delais-paiement-lieux',
      ]);
      const downloads: string[] = [];
      for (const dataset of datasets) {
        expect(dataset['dct:license']).toEqual({ '@id': 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' });
        const modified = Date.parse(dataset['dct:modified']['@value']);
        for (const distribution of dataset['dcat:distribution']) {
          const path = new URL(distribution['dcat:downloadURL']['@id']).pathname;
          downloads.push(path);
          const response = await testApp.anonymous().get(path).expect(200);
          expect([path, Date.parse(response.headers['last-modified'])]).toEqual([path, modified]);
        }
      }
      // The usage schema is what its dataset conforms to (it has its own date), not a distribution of it.
      const schemas = datasets.map((dataset) => new URL(dataset['dct:conformsTo']['@id']).pathname);
      expect(schemas).toEqual(
        expect.arrayContaining([
          '/api/open-data/usage.schema.json',
          '/api/open-data/funnel.schema.json',
          '/api/open-data/payment-delays.schema.json',
        ]),
      );
      expect(downloads.sort()).toEqual(OPEN_DATA_ROUTES.filter((path) => !/catalog\.json|schema\.json/.test(path)).sort());
      expect(Date.parse(catalog.headers['last-modified'])).toBe(
        Math.max(...datasets.map((dataset) => Date.parse(dataset['dct:modified']['@value']))),
      );
    });

    it('every open-data URL answers with ETag and Last-Modified, 304 while unchanged, 200 again once a place is suspended or qualified', async () => {
      const validators = async (): Promise<Record<string, { etag: string; lastModified: string }>> => {
        const answers: Record<string, { etag: string; lastModified: string }> = {};
        for (const path of OPEN_DATA_ROUTES) {
          const response = await testApp.anonymous().get(path).expect(200);
          expect([path, response.headers.etag]).toEqual([path, expect.stringMatching(/^"[\w-]+"$/)]);
          expect(Date.parse(response.headers['last-modified'])).toBeLessThanOrEqual(Date.now());
          answers[path] = { etag: response.headers.etag, lastModified: response.headers['last-modified'] };
        }
        return answers;
      };
      const before = await validators();
      for (const path of OPEN_DATA_ROUTES) {
        const { etag, lastModified } = before[path];
        const byTag = await testApp.anonymous().get(path).set('If-None-Match', etag).expect(304);
        expect([path, byTag.text ?? '', byTag.headers.etag]).toEqual([path, '', etag]);
        await testApp.anonymous().get(path).set('If-Modified-Since', lastModified).expect(304);
        await testApp.anonymous().get(path).set('If-None-Match', '"something-else"').set('If-Modified-Since', lastModified).expect(200);
        const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
        await testApp.anonymous().get(path).set('If-Modified-Since', earlier).expect(200);
      }

      // After a change, a copy from before it is stale by its tag, and by its date unless dated the very second of the change.
      const changed = async (what: string, paths: string[], changedAt: number): Promise<void> => {
        const after = await validators();
        const secondBefore = new Date(Math.floor(changedAt / 1000) * 1000 - 1000).toUTCString();
        for (const path of paths) {
          expect([what, path, after[path].etag]).not.toEqual([what, path, before[path].etag]);
          expect([what, path, Date.parse(after[path].lastModified)]).toEqual([what, path, expect.any(Number)]);
          expect(Date.parse(after[path].lastModified)).toBeGreaterThanOrEqual(Math.floor(changedAt / 1000) * 1000);
          await testApp.anonymous().get(path).set('If-None-Match', before[path].etag).expect(200);
          await testApp.anonymous().get(path).set('If-Modified-Since', secondBefore).expect(200);
          await testApp.anonymous().get(path).set('If-None-Match', after[path].etag).expect(304);
        }
        Object.assign(before, after);
      };
      const placesAndRegister = OPEN_DATA_ROUTES.filter((path) => /places|data-inclusion|qualifications|catalog/.test(path));
      // Suspended, place B leaves the places' datasets and the register shows the suspension.
      const suspendedAt = Date.now();
      await world.operator.post(`/api/places/${world.placeB.placeId}/suspension`).send({ reason: 'Signalement à vérifier.' }).expect(200);
      await changed('suspension', placesAndRegister, suspendedAt);
      const places = await testApp.anonymous().get('/api/open-data/places.json').expect(200);
      expect(places.body.data.map((row: { nom: string }) => row.nom)).not.toContain('Lieu B');
      // A new place qualified: it joins them, with its decision.
      const organisation = await createOrganisationWithUser(testApp, 'place');
      const qualifiedAt = Date.now();
      await qualifiedPlaceWithService(testApp, await loginAs(testApp, organisation.email), { pivot: 'W332099999', nom: 'Lieu C' });
      await changed('qualification', placesAndRegister, qualifiedAt);
      // The usage, funnel and payment-delay figures did not change: their validators neither.
      for (const path of OPEN_DATA_ROUTES.filter((candidate) => /usage|funnel|payment-delays/.test(candidate))) {
        await testApp.anonymous().get(path).set('If-None-Match', before[path].etag).expect(304);
      }
    });
  });
});

/** A row of the usage dataset: month, territory and category. */
function usageKey(row: Record<string, string>): string {
  return `${row.mois} ${row.niveau_territoire}:${row.code_territoire} ${row.categorie_service}`;
}

/**
 * The usage dataset worked out here from the raw redemptions: per month, a place's commune is its own
 * territory when it counts at least 4 × 5 cheques that month, otherwise its département's other communes.
 */
async function rawUsage(testApp: TestApp): Promise<Map<string, { label: string; cheques: number; cents: number; places: number }>> {
  const cheques: Array<{
    occurred_at: Date;
    code_insee: string | null;
    commune: string;
    category: string;
    place_id: string;
    cents: number;
  }> = await testApp.dataSource.query(
    `SELECT r.occurred_at, pl.code_insee, pl.commune, e.category, r.place_id, rc.face_value_cents AS cents
         FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id JOIN places pl ON pl.id = r.place_id
         JOIN catalogue_entries e ON e.id = r.catalogue_entry_id WHERE rc.released_at IS NULL`,
  );
  const month = (instant: Date): string => localDate(instant).slice(0, 7);
  // Months appear once they are over.
  cheques.splice(0, cheques.length, ...cheques.filter((cheque) => month(cheque.occurred_at) < TODAY.slice(0, 7)));
  const perCommune = new Map<string, number>();
  for (const cheque of cheques) {
    const key = `${month(cheque.occurred_at)} ${cheque.code_insee}`;
    perCommune.set(key, (perCommune.get(key) ?? 0) + 1);
  }
  const usage = new Map<string, { label: string; cheques: number; cents: number; places: Set<string> }>();
  for (const cheque of cheques) {
    const code = cheque.code_insee;
    const departement = code ? (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2)) : '';
    const [level, territory, label] = !code
      ? ['inconnu', '', 'Territoire non renseigné']
      : perCommune.get(`${month(cheque.occurred_at)} ${code}`)! >= 20
        ? ['commune', code, cheque.commune]
        : ['departement', departement, `Département ${departement} (autres communes)`];
    const key = `${month(cheque.occurred_at)} ${level}:${territory} ${cheque.category}`;
    const cell = usage.get(key) ?? { label, cheques: 0, cents: 0, places: new Set<string>() };
    cell.cheques += 1;
    cell.cents += cheque.cents;
    cell.places.add(cheque.place_id);
    usage.set(key, cell);
  }
  return new Map([...usage].map(([key, cell]) => [key, { ...cell, places: cell.places.size }]));
}

/** The parts of a dataset of the catalogue (JSON-LD, keys as compact IRIs) this test reads. */
interface CatalogDataset {
  'dct:identifier': string;
  'dct:license': { '@id': string };
  'dct:modified': { '@value': string };
  'dct:conformsTo': { '@id': string };
  'dcat:distribution': Array<{ 'dcat:downloadURL': { '@id': string } }>;
}

/** Every open-data route (stable URLs). */
const OPEN_DATA_ROUTES = [
  'catalog.json',
  'places.csv',
  'places.json',
  'places.geojson',
  'data-inclusion.json',
  'qualifications.csv',
  'qualifications.json',
  'usage.csv',
  'usage.json',
  'usage.schema.json',
  'funds-coverage.csv',
  'funds-coverage.json',
  'funds-coverage.schema.json',
  'funnel.csv',
  'funnel.json',
  'funnel.schema.json',
  'payment-delays.csv',
  'payment-delays.json',
  'payment-delays.schema.json',
].map((name) => `/api/open-data/${name}`);

/** Two funders' programmes, two distributors, three places, hand-outs and redemptions over three months. */
async function scenario(testApp: TestApp): Promise<Scenario> {
  const operator = await loginAs(testApp, DEMO.operatorAdmin);
  const funderA = await loginAs(testApp, DEMO.funderManager);
  const funderBOrganisation = await createOrganisationWithUser(testApp, 'funder', 'funder_manager');
  const funderB = await loginAs(testApp, funderBOrganisation.email);
  const distributorB = await createOrganisationWithUser(testApp, 'distributor');
  const ccas = await loginAs(testApp, DEMO.distributorAgent);
  const agentB = await loginAs(testApp, distributorB.email);
  const ccasId = await organisationOf(testApp, DEMO.distributorAgent);

  const programmeA = await createProgramme({
    funder: funderA,
    operator,
    until: 'active',
    input: { name: 'Programme A', bookletCount: 8, validFrom: day(-120), eligibleServices: [] },
  });
  const programmeB = await createProgramme({
    funder: funderB,
    operator,
    until: 'active',
    input: {
      name: 'Programme B',
      faceValueCents: 1500,
      chequesPerBooklet: 5,
      bookletCount: 6,
      validFrom: day(-120),
      validUntil: day(12),
      eligibleServices: [],
    },
  });
  // A programme of funder A that ended: its cheques expire.
  const ended = await createProgramme({
    funder: funderA,
    operator,
    until: 'active',
    input: { name: 'Programme terminé', bookletCount: 1, validFrom: day(-200), validUntil: day(-40), graceDays: 0, eligibleServices: [] },
  });
  // Two orders of funder B that lapsed unpaid: their cheques expire; one is paid afterwards (its value goes back to the funder then).
  const lapsed = { bookletCount: 1, chequesPerBooklet: 5, validFrom: day(-200), validUntil: day(-30), graceDays: 0, eligibleServices: [] };
  await createProgramme({ funder: funderB, operator, until: 'ordered', input: { ...lapsed, name: 'Commande jamais payée' } });
  const paidLate = await createProgramme({
    funder: funderB,
    operator,
    until: 'ordered',
    input: { ...lapsed, name: 'Commande payée après coup' },
  });
  const allocate = async (programmeId: string, from: number, to: number, distributorId: string): Promise<void> => {
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId, fromNumber: from, toNumber: to, distributorOrganisationId: distributorId })
      .expect(201);
  };
  await allocate(programmeA.id, 1, 4, ccasId);
  await allocate(programmeA.id, 5, 8, distributorB.organisation.id);
  await allocate(programmeB.id, 1, 3, ccasId);
  await allocate(programmeB.id, 4, 6, distributorB.organisation.id);
  const serial = (programme: { code: string }, number: number): string => `${programme.code}-${String(number).padStart(5, '0')}`;
  const handOuts: Array<[TestAgent, string, number, Record<string, string>]> = [
    [ccas, serial(programmeA, 1), -80, { ageBand: '60_74', situation: 'retraite', communeCode: '33063' }],
    [ccas, serial(programmeA, 2), -50, { ageBand: '60_74', situation: 'retraite', communeCode: '33063' }],
    [ccas, serial(programmeA, 3), -49, { ageBand: '60_74', situation: 'retraite', communeCode: '33063' }],
    [agentB, serial(programmeA, 5), -75, { ageBand: '26_44', situation: 'demandeur_emploi', communeCode: '33318' }],
    [agentB, serial(programmeA, 6), -20, {}],
    [ccas, serial(programmeB, 1), -70, { ageBand: '75_et_plus', situation: 'retraite', communeCode: '33063' }],
    [agentB, serial(programmeB, 4), -40, { ageBand: 'moins_de_26', situation: 'etudiant', communeCode: '24322' }],
    [agentB, serial(programmeB, 5), -10, { ageBand: '45_59', situation: 'allocataire_rsa', communeCode: '33318' }],
    [ccas, serial(programmeA, 4), BUSY, { ageBand: '26_44', situation: 'salarie', communeCode: '33281' }],
    [agentB, serial(programmeA, 8), BUSY, {}],
  ];
  for (const [agent, bookletSerial, offset, profile] of handOuts) {
    await agent
      .post('/api/hand-outs')
      .send({ bookletSerial, handedOutOn: day(offset), ...profile })
      .expect(201);
  }
  // The ended programme's booklet, handed out while it ran and never used: it expires (the funnel's last step).
  await allocate(ended.id, 1, 1, ccasId);
  await ccas
    .post('/api/hand-outs')
    .send({ bookletSerial: serial(ended, 1), handedOutOn: day(-100), ageBand: '60_74', communeCode: '33063' })
    .expect(201);
  await agentB
    .post(`/api/booklets/${serial(programmeA, 7)}/cancel`)
    .send({ reason: 'Carnet perdu' })
    .expect(200);
  await testApp.app.get(ExpiryService).expireDue();
  await operator
    .post(`/api/programmes/${paidLate.id}/funding`)
    .send({ amountCents: paidLate.order.totalDueCents, receivedOn: day(0), reference: 'VIR-TARDIF' })
    .expect(200);

  const placeBOrganisation = await createOrganisationWithUser(testApp, 'place');
  const placeBAgent = await loginAs(testApp, placeBOrganisation.email);
  const placeB = await qualifiedPlaceWithService(testApp, placeBAgent, {
    pivot: '21330063500017',
    nom: 'Lieu B',
    commune: 'Mérignac',
    code_postal: '33700',
    code_insee: '33281',
  });
  const [mediatheque]: Array<{ workshop: string; support: string }> = await testApp.dataSource.query(
    `SELECT max(e.id::text) FILTER (WHERE e.modality = 'collective_workshop') AS workshop, max(e.id::text) FILTER (WHERE e.modality = 'individual') AS support
       FROM catalogue_entries e JOIN places p ON p.id = e.place_id WHERE p.nom = 'Médiathèque Flora Tristan' AND e.retired_at IS NULL AND e.price_in_cheques = 1`,
  );
  const codesA = await chequeCodes(testApp, programmeA.id);
  const codesB = await chequeCodes(testApp, programmeB.id);
  const codeOf = (codes: typeof codesA, booklet: number, position: number): string =>
    codes.find((cheque) => cheque.bookletNumber === booklet && cheque.position === position)!.code;
  const mediathequeAgent = await userActorOf(testApp, DEMO.placeAgent);
  const placeBActor = await userActorOf(testApp, placeBOrganisation.email);
  const uses: Array<[typeof mediathequeAgent, string, string, number]> = [
    [mediathequeAgent, codeOf(codesA, 1, 1), mediatheque.workshop, -78],
    [mediathequeAgent, codeOf(codesA, 1, 2), mediatheque.workshop, -77],
    [mediathequeAgent, codeOf(codesA, 1, 3), mediatheque.workshop, -60],
    [mediathequeAgent, codeOf(codesA, 1, 4), mediatheque.support, -45],
    [placeBActor, codeOf(codesA, 2, 1), placeB.serviceId, -40],
    [placeBActor, codeOf(codesA, 2, 2), placeB.serviceId, -5],
    [mediathequeAgent, codeOf(codesA, 5, 1), mediatheque.support, -70],
    [mediathequeAgent, codeOf(codesA, 5, 2), mediatheque.support, -30],
    [mediathequeAgent, codeOf(codesA, 5, 3), mediatheque.workshop, -2],
    [placeBActor, codeOf(codesB, 1, 1), placeB.serviceId, -65],
    [placeBActor, codeOf(codesB, 1, 2), placeB.serviceId, -64],
    [mediathequeAgent, codeOf(codesB, 4, 1), mediatheque.workshop, -35],
    [mediathequeAgent, codeOf(codesA, 3, 1), mediatheque.workshop, -44],
  ];
  const redemptions = testApp.app.get(RedemptionService);
  const ids: string[] = [];
  for (const [index, [actor, code, serviceId, offset]] of uses.entries()) {
    const answer = await redemptions.redeemOnce(
      actor,
      { organisationId: actor.organisationId, key: `scenario-${index}`, operation: 'redemption', body: { code } },
      { cheques: [code], serviceId },
      { occurredAt: noon(offset), channel: 'online' },
    );
    expect(answer.status).toBe(201);
    ids.push((answer.body as { id: string }).id);
  }
  // The last one was a mistake: undone, it counts nowhere.
  await redemptions.undo(mediathequeAgent, ids[ids.length - 1], 'Erreur de service');
  void ended;
  // Place B's busy day: booklets 4 and 8 used there, twenty cheques in one month.
  for (const [index, code] of [...codesA.filter((cheque) => cheque.bookletNumber === 4 || cheque.bookletNumber === 8)].entries()) {
    const answer = await redemptions.redeemOnce(
      placeBActor,
      { organisationId: placeBActor.organisationId, key: `busy-${index}`, operation: 'redemption', body: { code: code.code } },
      { cheques: [code.code], serviceId: placeB.serviceId },
      { occurredAt: noon(BUSY + 1), channel: 'online' },
    );
    expect(answer.status).toBe(201);
  }
  // That month, one cheque there for a service of another category: a cell of one, which the open
  // data must hide (whatever the demo's own redemptions around today's date).
  const rareServiceId = await addCatalogueService(placeBAgent, placeB.placeId, {
    name: 'Prise en main du smartphone',
    category: 'Maîtrise des outils numériques du quotidien',
  });
  const rareCode = codeOf(codesA, 2, 4);
  const rareUse = await redemptions.redeemOnce(
    placeBActor,
    { organisationId: placeBActor.organisationId, key: 'busy-rare', operation: 'redemption', body: { code: rareCode } },
    { cheques: [rareCode], serviceId: rareServiceId },
    { occurredAt: noon(BUSY + 1), channel: 'online' },
  );
  expect(rareUse.status).toBe(201);

  // Settlement: the médiathèque is paid for its cheques; place B's transfer is paid, then sent back by the bank.
  const bankDetails = await submitBankDetails(placeBAgent, placeBOrganisation.organisation.name);
  await verifyBankDetails(testApp, placeBOrganisation.organisation.id, bankDetails);
  const batch = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
  await approveAndExport(testApp, operator, batch.id);
  const lines: Array<{ id: string; organisationId: string }> = (await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body
    .lines;
  const payment = { paidOn: day(0), bankReference: 'VIR-SCENARIO' };
  const lineOf = (organisationId: string): string => lines.find((line) => line.organisationId === organisationId)!.id;
  for (const organisationId of [mediathequeAgent.organisationId, placeBActor.organisationId]) {
    await operator
      .post(`/api/settlement/lines/${lineOf(organisationId)}/paid`)
      .set('Idempotency-Key', `paid-${organisationId}`)
      .send(payment)
      .expect(200);
  }
  await operator
    .post(`/api/settlement/lines/${lineOf(placeBActor.organisationId)}/reject`)
    .set('Idempotency-Key', 'reject-place-b')
    .send({ reason: 'AC04 — compte clôturé' })
    .expect(200);
  return {
    operator,
    funderA,
    funderB,
    funderBOrganisation,
    distributorB,
    programmeA,
    programmeB,
    placeB: { ...placeB, agent: placeBAgent, email: placeBOrganisation.email },
    spareCodeA: codeOf(codesA, 2, 3),
  };
}

async function organisationOf(testApp: TestApp, email: string): Promise<string> {
  const [row]: Array<{ organisation_id: string }> = await testApp.dataSource.query('SELECT organisation_id FROM users WHERE email = $1', [
    email,
  ]);
  return row.organisation_id;
}

/**
 * The dashboard's figures recomputed from raw rows, in TypeScript: one row per cheque, hand-out and
 * redeemed cheque, counted here (not by the SQL under test).
 */
async function independentFigures(testApp: TestApp, period: Period) {
  const query = testApp.dataSource.query.bind(testApp.dataSource);
  const programmes: Array<{ id: string; funder: string; status: string; face: number; ordered_at: Date | null; funded_at: Date | null }> =
    await query(`SELECT id, funder_organisation_id AS funder, status, face_value_cents AS face, ordered_at, funded_at FROM programmes`);
  const cheques: Array<{
    id: string;
    programme_id: string;
    status: string;
    hand_out_id: string | null;
    cancelled_at: Date | null;
    expired_at: Date | null;
  }> = await query('SELECT id, programme_id, status, hand_out_id, cancelled_at, expired_at FROM cheques');
  const handOuts: Array<{ id: string; on: string; age_band: string | null; situation: string | null }> = await query(
    `SELECT id, to_char(handed_out_on, 'YYYY-MM-DD') AS on, age_band, situation FROM hand_outs`,
  );
  const redeemed: Array<{ cheque_id: string; programme_id: string; face: number; occurred_at: Date; place: string }> = await query(
    `SELECT rc.cheque_id, rc.programme_id, rc.face_value_cents AS face, r.occurred_at, p.nom AS place
       FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id JOIN places p ON p.id = r.place_id WHERE rc.released_at IS NULL`,
  );
  const inScope = programmesInScope(programmes, period);
  const programme = new Map(programmes.map((p) => [p.id, p]));
  const handOut = new Map(handOuts.map((h) => [h.id, h]));
  const inPeriod = (date: string | null): boolean => dayInPeriod(date, period, TODAY);
  const paris = (instant: Date | null): string | null => (instant ? localDate(instant) : null);
  const figure = (rows: Array<{ face: number }>) => ({ cheques: rows.length, amountCents: rows.reduce((sum, row) => sum + row.face, 0) });
  const scoped = cheques.filter((c) => inScope.has(c.programme_id)).map((c) => ({ ...c, face: programme.get(c.programme_id)!.face }));
  const redeemedInPeriod = redeemed.filter((r) => inScope.has(r.programme_id) && inPeriod(paris(r.occurred_at)));
  const statusOf = new Map(cheques.map((c) => [c.id, c.status]));
  const handedOutInPeriod = scoped.filter((c) => c.hand_out_id && inPeriod(handOut.get(c.hand_out_id)!.on));

  // One person per (hand-out, programme); the delay to the first use of one of its cheques.
  const people = new Map<string, { on: string; firstUse: string | null }>();
  for (const cheque of handedOutInPeriod) {
    const key = `${cheque.hand_out_id}/${cheque.programme_id}`;
    const use = redeemed.find((r) => r.cheque_id === cheque.id);
    const current = people.get(key) ?? { on: handOut.get(cheque.hand_out_id!)!.on, firstUse: null };
    const useDay = use ? paris(use.occurred_at) : null;
    if (useDay && (!current.firstUse || useDay < current.firstUse)) current.firstUse = useDay;
    people.set(key, current);
  }
  const delays = [...people.values()]
    .filter((person) => person.firstUse)
    .map((person) => (Date.parse(person.firstUse!) - Date.parse(person.on)) / 86_400_000)
    .sort((a, b) => a - b);
  const middle = delays.length / 2;
  // Statistical secrecy: no median of fewer than 5 people.
  const median = delays.length < 5 ? null : delays.length % 2 ? delays[Math.floor(middle)] : (delays[middle - 1] + delays[middle]) / 2;
  // People: on the whole months over that the period touches.
  const months = closedMonthsOf(period.from ?? null, period.to ?? TODAY, TODAY);
  const counted = new Set(
    scoped
      .filter((c) => c.hand_out_id && months)
      .filter((c) => {
        const on = handOut.get(c.hand_out_id!)!.on;
        return (!months!.from || on >= months!.from) && on <= months!.to;
      })
      .map((c) => `${c.hand_out_id}/${c.programme_id}`),
  );
  // Void cheques count on the day they became void; their value is the funder's again only once it paid (on that day if later).
  const voided = (status: string, at: (cheque: (typeof scoped)[number]) => Date | null) => {
    const cheques = scoped.filter((c) => c.status === status);
    const releasedOn = (c: (typeof scoped)[number]): string | null => {
      const fundedAt = programme.get(c.programme_id)!.funded_at;
      return fundedAt === null ? null : paris(new Date(Math.max(fundedAt.getTime(), at(c)!.getTime())));
    };
    return {
      cheques: cheques.filter((c) => inPeriod(paris(at(c)))).length,
      amountCents: cheques.filter((c) => inPeriod(releasedOn(c))).reduce((sum, c) => sum + c.face, 0),
    };
  };
  const used = handedOutInPeriod.filter((c) => c.status === 'redeemed' || c.status === 'settled').length;
  const redeemedByPlace: Record<string, number> = {};
  for (const r of redeemedInPeriod) redeemedByPlace[r.place] = (redeemedByPlace[r.place] ?? 0) + 1;
  return {
    totals: {
      issued: figure(scoped.filter((c) => inPeriod(paris(programme.get(c.programme_id)!.ordered_at)))),
      funded: figure(scoped.filter((c) => inPeriod(paris(programme.get(c.programme_id)!.funded_at)))),
      handedOut: figure(handedOutInPeriod),
      redeemed: figure(redeemedInPeriod),
      settled: figure(redeemedInPeriod.filter((r) => statusOf.get(r.cheque_id) === 'settled')),
      expired: voided('expired', (c) => c.expired_at),
      cancelled: voided('cancelled', (c) => c.cancelled_at),
    },
    rateOfUse: {
      handedOut: handedOutInPeriod.length,
      used,
      rate: handedOutInPeriod.length ? Math.round((used / handedOutInPeriod.length) * 1000) / 1000 : null,
    },
    medianDaysToFirstUse: median,
    // One person per hand-out and programme (a hand-out of two programmes' cheques counts in each).
    people: counted.size > 0 && counted.size < 5 ? 'secret' : counted.size,
    redeemedByPlace,
  };
}

/** Booklets of a programme still holding cheques nobody received, and cheques handed out unused (for one distributor if given). */
async function alertFacts(testApp: TestApp, programmeId: string, distributorId?: string): Promise<{ booklets: number; unused: number }> {
  const rows: Array<{ booklet: string; status: string; booklet_distributor: string | null; hand_out_distributor: string | null }> =
    await testApp.dataSource.query(
      `SELECT c.booklet_id AS booklet, c.status, b.distributor_organisation_id AS booklet_distributor, h.distributor_organisation_id AS hand_out_distributor
         FROM cheques c JOIN booklets b ON b.id = c.booklet_id LEFT JOIN hand_outs h ON h.id = c.hand_out_id WHERE c.programme_id = $1`,
      [programmeId],
    );
  const booklets = new Set(
    rows
      .filter((row) => row.status === 'issued' && (!distributorId || row.booklet_distributor === distributorId))
      .map((row) => row.booklet),
  );
  const unused = rows.filter(
    (row) => row.status === 'distributed' && (!distributorId || row.hand_out_distributor === distributorId),
  ).length;
  return { booklets: booklets.size, unused };
}
