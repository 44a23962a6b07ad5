import { systemActor } from '@app/domain';
import { OrganisationEntity, OrganisationsService } from '@app/identity';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('audit trail', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('writes an event with each change, naming the actor and the request', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const created = await admin
      .post('/api/organisations')
      .set('X-Request-Id', 'req-audit-1')
      .send({ name: 'CAF de la Gironde', kind: 'funder' })
      .expect(201);
    const rows = await testApp.dataSource.query("SELECT * FROM audit_events WHERE object_type = 'organisation' AND object_id = $1", [
      created.body.id,
    ]);
    expect(rows).toHaveLength(1);
    const me = (await admin.get('/api/auth/me')).body;
    expect(rows[0]).toMatchObject({
      action: 'organisation.created',
      actor_type: 'user',
      actor_user_id: me.id,
      organisation_id: me.organisation.id,
      request_id: 'req-audit-1',
      changes: { name: 'CAF de la Gironde', kind: 'funder' },
    });
    expect(rows[0].occurred_at).toBeInstanceOf(Date);
  });

  it('rolls the event back with the change when the transaction fails', async () => {
    const organisations = testApp.app.get(OrganisationsService);
    const before = await testApp.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    await expect(
      testApp.dataSource.transaction(async (manager) => {
        await organisations.createInTransaction(manager, systemActor('test'), { name: 'Rolled back', kind: 'place' });
        throw new Error('failure after the change and its audit event');
      }),
    ).rejects.toThrow('failure after the change');
    const after = await testApp.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    expect(after[0].n).toBe(before[0].n);
    expect(await testApp.dataSource.getRepository(OrganisationEntity).exists({ where: { name: 'Rolled back' } })).toBe(false);
  });

  it('a failed change leaves no event (duplicate name)', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const before = await testApp.dataSource.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'organisation.created'");
    const duplicate = await admin.post('/api/organisations').send({ name: 'CCAS de Bordeaux (démo)', kind: 'distributor' }).expect(409);
    expect(duplicate.body).toEqual({
      code: 'conflict',
      message: 'An organisation of this kind already has this name',
      details: [{ field: 'name', problems: ['is already used by another organisation of this kind'] }],
    });
    const after = await testApp.dataSource.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'organisation.created'");
    expect(after[0].n).toBe(before[0].n);
  });

  it.each([
    ['UPDATE', "UPDATE audit_events SET action = 'forged'"],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('the database itself rejects %s', async (_operation, sql) => {
    const before = await testApp.dataSource.query('SELECT count(*)::int AS n, max(id) AS last FROM audit_events');
    expect(before[0].n).toBeGreaterThan(0);
    await expect(testApp.dataSource.query(sql)).rejects.toThrow(/audit_events is append-only/);
    const after = await testApp.dataSource.query('SELECT count(*)::int AS n, max(id) AS last FROM audit_events');
    expect(after[0]).toEqual(before[0]);
  });

  it('lets operator admins read it, filtered and paginated, newest first', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const organisation = (await admin.post('/api/organisations').send({ name: 'Commune de Talence', kind: 'funder' }).expect(201)).body;
    await admin
      .post(`/api/organisations/${organisation.id}/invitations`)
      .send({ email: 'elu@talence.example', role: 'funder_manager' })
      .expect(201);

    const byObject = await admin.get(`/api/audit-events?objectType=organisation&objectId=${organisation.id}`).expect(200);
    expect(byObject.body).toMatchObject({ total: 1, page: 1, totalPages: 1 });
    expect(byObject.body.items[0]).toMatchObject({ action: 'organisation.created', objectId: organisation.id, actorType: 'user' });

    const page1 = await admin.get('/api/audit-events?pageSize=2&page=1').expect(200);
    const page2 = await admin.get('/api/audit-events?pageSize=2&page=2').expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(Number(page1.body.items[0].id)).toBeGreaterThan(Number(page1.body.items[1].id));
    expect(Number(page1.body.items[1].id)).toBeGreaterThan(Number(page2.body.items[0].id));
    expect(page1.body.total).toBe(page2.body.total);

    const future = await admin.get('/api/audit-events?from=2199-01-01T00:00:00Z').expect(200);
    expect(future.body).toMatchObject({ items: [], total: 0 });
    const byAction = await admin.get('/api/audit-events?action=invitation.created').expect(200);
    expect(byAction.body.items.every((event: { action: string }) => event.action === 'invitation.created')).toBe(true);
    expect(byAction.body.total).toBe(1);

    const me = (await admin.get('/api/auth/me')).body;
    const byOrganisation = await admin.get(`/api/audit-events?organisationId=${me.organisation.id}`).expect(200);
    expect(
      byOrganisation.body.items.every(
        (event: { organisationId: string | null; objectId: string }) =>
          event.organisationId === me.organisation.id || event.objectId === me.organisation.id,
      ),
    ).toBe(true);
  });

  it('refuses other roles and bad filters', async () => {
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    const refused = await reviewer.get('/api/audit-events').expect(403);
    expect(refused.body.code).toBe('forbidden');
    const funder = await loginAs(testApp, DEMO.funderManager);
    await funder.get('/api/audit-events').expect(403);
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const bad = await admin.get('/api/audit-events?pageSize=1000&from=yesterday&organisationId=42').expect(400);
    expect(bad.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['from', 'organisationId', 'pageSize']);
  });

  it('refuses instants outside 1900–2200, impossible days and huge pages as 400s naming the field (issue 18)', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    for (const from of ['-271821-04-20', '0000-01-01', '2026-02-30', '9999-12-31T23:59:59Z']) {
      const response = await admin.get('/api/audit-events').query({ from }).expect(400);
      expect(response.body).toEqual({
        code: 'validation_failed',
        message: 'The request has invalid fields',
        details: [{ field: 'from', problems: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] }],
      });
    }
    const page = await admin.get('/api/audit-events').query({ page: '1e+21' }).expect(400);
    expect(page.body.details).toEqual([{ field: 'page', problems: ['must not be greater than 1000000'] }]);
    await admin.get('/api/audit-events').query({ from: '2026-11-01', to: '2026-12-01T00:00:00+01:00' }).expect(200);
  });
});
