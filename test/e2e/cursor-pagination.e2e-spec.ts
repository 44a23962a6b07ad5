/**
 * Cursor pagination: software reading a whole list while rows are added finds every row that was
 * there when it started, once, never twice — where page numbers shift by the rows added in front.
 */
import type TestAgent from 'supertest/lib/agent';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { createQualifiedPlace } from '../helpers/places';
import { redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

interface Listed {
  items: Array<{ id: string }>;
  nextCursor: string | null;
}

/** Every id of a list read by cursor, calling `meanwhile` after each page (rows added while reading). */
async function readByCursor(agent: TestAgent, path: string, meanwhile: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const body = (await agent.get(url).expect(200)).body as Listed;
    seen.push(...body.items.map((item) => item.id));
    if (!body.nextCursor) return seen;
    cursor = body.nextCursor;
    await meanwhile();
  }
  throw new Error(`${path}: more than 200 pages`);
}

/** Runs `add` on the first `times` calls only (the demo has more pages than cheques to spare). */
function firstTimes(times: number, add: () => Promise<void>): () => Promise<void> {
  let left = times;
  return async () => {
    if (left <= 0) return;
    left -= 1;
    await add();
  };
}

function expectEachOnce(seen: string[], existing: string[]): void {
  expect(seen.length).toBe(new Set(seen).size);
  expect(seen).toEqual(expect.arrayContaining(existing));
}

describe('cursor pagination', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  let codes: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    fixture = await redemptionFixture(testApp);
    codes = [...fixture.codes];
    for (let i = 0; i < 7; i += 1) await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
  });
  afterAll(() => testApp.close());

  it('reads the redemption history with no gap and no duplicate while redemptions are recorded; page numbers would repeat', async () => {
    const all = (await fixture.placeAgent.get('/api/redemptions?pageSize=200').expect(200)).body as Listed;
    const existing = all.items.map((item) => item.id);
    expect(existing.length).toBeGreaterThan(6);
    const addOne = async () => {
      await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    };
    expectEachOnce(await readByCursor(fixture.placeAgent, '/api/redemptions?pageSize=3', firstTimes(3, addOne)), existing);

    // The same with page numbers: a redemption recorded in front pushes the last one of page 1 onto page 2.
    const first = (await fixture.placeAgent.get('/api/redemptions?pageSize=3&page=1').expect(200)).body as Listed;
    await addOne();
    const second = (await fixture.placeAgent.get('/api/redemptions?pageSize=3&page=2').expect(200)).body as Listed;
    expect(second.items[0].id).toBe(first.items[2].id);
  });

  it('reads the audit trail and the public places the same way', async () => {
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const trail = (await operator.get('/api/audit-events?pageSize=200&action=redemption.created').expect(200)).body as Listed;
    const addOne = async () => {
      await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    };
    expectEachOnce(
      await readByCursor(operator, '/api/audit-events?pageSize=2&action=redemption.created', firstTimes(3, addOne)),
      trail.items.map((item) => item.id),
    );

    const places = (await testApp.anonymous().get('/api/places?pageSize=200').expect(200)).body as Listed;
    const owner = await createOrganisationWithUser(testApp, 'place');
    const ownerAgent = await loginAs(testApp, owner.email);
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    let added = 0;
    // A place named to sort first: with page numbers it would shift every later page by one.
    const addPlace = async () => {
      added += 1;
      await createQualifiedPlace(ownerAgent, reviewer, { nom: `A${added} Espace numérique` });
    };
    expectEachOnce(
      await readByCursor(testApp.anonymous(), '/api/places?pageSize=2', firstTimes(3, addPlace)),
      places.items.map((item) => item.id),
    );
    expect(added).toBeGreaterThan(0);
  });

  it('reads the places open data (places.json) by pages the same way; each page has its own ETag', async () => {
    const whole = (await testApp.anonymous().get('/api/open-data/places.json').expect(200)).body as { data: Array<{ id: string }> };
    const owner = await createOrganisationWithUser(testApp, 'place');
    const ownerAgent = await loginAs(testApp, owner.email);
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    const seen: string[] = [];
    const tags = new Set<string>();
    let cursor: string | null = null;
    let added = 0;
    do {
      const url: string = `/api/open-data/places.json?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await testApp.anonymous().get(url).expect(200);
      tags.add(page.headers.etag);
      seen.push(...(page.body.data as Array<{ id: string }>).map((row) => row.id));
      cursor = page.body.nextCursor;
      if (cursor && added < 2) {
        added += 1;
        await createQualifiedPlace(ownerAgent, reviewer, { nom: `Open data ${added}` });
      }
    } while (cursor);
    expectEachOnce(
      seen,
      whole.data.map((row) => row.id),
    );
    expect(tags.size).toBe(Math.ceil(seen.length / 2));
    await testApp.anonymous().get('/api/open-data/places.json?cursor=pas-un-curseur').expect(400);
  });

  it('reads a ledger account’s entries the same way while entries are booked', async () => {
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const account = `place_payable:${(await testApp.dataSource.query('SELECT organisation_id FROM places WHERE id = $1', [fixture.placeId]))[0].organisation_id}`;
    const path = `/api/ledger/entries?account=${encodeURIComponent(account)}`;
    const whole = (await operator.get(`${path}&pageSize=200`).expect(200)).body as { items: Array<{ entryId: string }> };
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const page = (await operator.get(`${path}&pageSize=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200)).body as {
        items: Array<{ entryId: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.items.map((item) => item.entryId));
      cursor = page.nextCursor;
      if (cursor && added < 1) {
        added += 1;
        await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
      }
    } while (cursor);
    expectEachOnce(
      seen,
      whole.items.map((item) => item.entryId),
    );
  });

  it('refuses a cursor it did not give, naming the field', async () => {
    for (const cursor of ['pas-un-curseur!', Buffer.from('["x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const refused = await fixture.placeAgent.get(`/api/redemptions?cursor=${encodeURIComponent(cursor)}`).expect(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'cursor' }] });
    }
    await testApp
      .anonymous()
      .get(`/api/places?cursor=${'A'.repeat(3000)}`)
      .expect(400);
  });
});
