/**
 * Renewal of a place's qualification, with a clock the test moves: the renewal opens with the first
 * reminder, is pre-filled and re-uses the evidence; a renewal qualified before the end follows on
 * from it, one qualified after from the decision day; the place stays public while its renewal is
 * under review until its own end, then lapses (off the map, « expired » in the register); reminders
 * at 90, 60, 30 and 7 days, for the place organisation and the operator.
 */
import type TestAgent from 'supertest/lib/agent';
import { addDays, qualificationValidUntil } from '@app/domain';
import { createOrganisationWithUser, type OrganisationWithUser } from '../helpers/fixtures';
import { answerAndSubmit, fullAnswers, PLACE_INPUT, qualify } from '../helpers/places';
import { DEMO, loginAs, startTestApp, TestClock, type TestApp } from '../helpers/test-app';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';

const PDF = demoPdf('Attestation de formation (test)');

interface Reminder {
  placeId: string;
  qualifiedUntil: string;
  daysLeft: number;
  reminder: number | null;
  renewal: { applicationId: string; status: string } | null;
}

describe('qualification renewal and its reminders', () => {
  const clock = new TestClock();
  let testApp: TestApp;
  let placeOrg: OrganisationWithUser;
  let otherPlaceOrg: OrganisationWithUser;
  /** Today in Paris when the test starts: both places are qualified that day. */
  let start: string;
  let end: string;
  const places: { renewedInTime: string; renewedLate: string } = { renewedInTime: '', renewedLate: '' };
  const firstApplication: Record<string, string> = {};

  beforeAll(async () => {
    // Every move of the clock ends the sessions: the test signs in again, many times (successful sign-ins are not counted as failures).
    testApp = await startTestApp({ clock });
    placeOrg = await createOrganisationWithUser(testApp, 'place');
    otherPlaceOrg = await createOrganisationWithUser(testApp, 'place');
    const [{ today }]: Array<{ today: string }> = await testApp.dataSource.query(
      "SELECT to_char((now() AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD') AS today",
    );
    start = today;
    clock.setDay(start);
    end = qualificationValidUntil(start, 12);
  });
  afterAll(() => testApp.close());

  /** Moves the clock to noon in Paris on `day` and signs in again (a session does not outlive a jump). */
  async function on(day: string, email: string, password?: string): Promise<TestAgent> {
    clock.setDay(day);
    return loginAs(testApp, email, password);
  }
  const agentOn = (day: string) => on(day, placeOrg.email, placeOrg.password);
  const reviewerOn = (day: string) => on(day, DEMO.operatorReviewer);

  const mapIds = async (): Promise<string[]> =>
    (await testApp.anonymous().get('/api/places.geojson').expect(200)).body.features.map(
      (feature: { properties: { id: string } }) => feature.properties.id,
    );
  const reminderOf = async (agent: TestAgent, placeId: string): Promise<{ expiring: Reminder[]; expired: Reminder[] }> =>
    (await agent.get(`/api/qualification/renewals?placeId=${placeId}`).expect(200)).body;

  it('the demo: the médiathèque’s qualification ends in 20 days, the Grand Parc’s renewal waits for the reviewer', async () => {
    const mediator = await on(start, DEMO.placeAgent);
    const { expiring } = (await mediator.get('/api/qualification/renewals').expect(200)).body;
    expect(expiring).toEqual([
      expect.objectContaining({ placeName: 'Médiathèque Flora Tristan', daysLeft: 20, reminder: 30, renewal: null }),
      expect.objectContaining({
        placeName: 'Espace de vie sociale du Grand Parc',
        daysLeft: 45,
        reminder: 60,
        renewal: expect.objectContaining({ status: 'submitted' }),
      }),
    ]);
    const reviewer = await reviewerOn(start);
    const renewal = (await reviewer.get(`/api/qualification/applications/${expiring[1].renewal.applicationId}`).expect(200)).body;
    expect(renewal.renewal.decision).toMatchObject({ outcome: 'qualified', validUntil: addDays(start, 45) });
    expect(renewal.answers).toHaveLength(11);
  });

  it('a first qualification runs 12 months from the decision; its renewal opens 90 days before the end', async () => {
    const agent = await agentOn(start);
    const reviewer = await reviewerOn(start);
    for (const [key, nom] of [
      ['renewedInTime', 'Médiathèque renouvelée à temps'],
      ['renewedLate', 'Espace renouvelé en retard'],
    ] as const) {
      const place = await agent
        .post('/api/places')
        .send({ ...PLACE_INPUT, nom })
        .expect(201);
      places[key] = place.body.id;
      const application = await agent.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(201);
      expect(application.body.renewalOfDecisionId).toBeNull();
      firstApplication[key] = application.body.id;
      await agent
        .post(`/api/qualification/applications/${application.body.id}/evidence?criterion=MEDIATEUR&fileName=attestation.pdf`)
        .set('content-type', 'application/pdf')
        .send(PDF)
        .expect(201);
      await answerAndSubmit(agent, application.body.id);
      expect(await qualify(reviewer, application.body.id)).toMatchObject({ validFrom: start, validUntil: end });
    }

    const early = await agent.post('/api/qualification/applications').send({ placeId: places.renewedInTime }).expect(409);
    expect(early.body).toMatchObject({
      code: 'invalid_transition',
      details: { code: 'renewal_not_open', qualifiedUntil: end, renewableFrom: addDays(end, -90) },
    });
    expect(await reminderOf(agent, places.renewedInTime)).toMatchObject({ expiring: [], expired: [] });
  });

  it.each([
    [91, null],
    [90, 90],
    [61, 90],
    [60, 60],
    [31, 60],
    [30, 30],
    [8, 30],
    [7, 7],
    [0, 7],
  ])('%i days before the end, the reminder in force is %s', async (daysLeft, reminder) => {
    const agent = await agentOn(addDays(end, -daysLeft));
    const { expiring, expired } = await reminderOf(agent, places.renewedLate);
    expect(expired).toEqual([]);
    if (reminder === null) expect(expiring).toEqual([]);
    else expect(expiring).toEqual([expect.objectContaining({ placeId: places.renewedLate, qualifiedUntil: end, daysLeft, reminder })]);
  });

  it('a renewal is pre-filled with the answers still asked and re-attaches the earlier evidence', async () => {
    const agent = await agentOn(addDays(end, -30));
    // An answer to a criterion the referential no longer has is not carried over.
    await testApp.dataSource.query(
      `UPDATE qualification_applications SET answers = answers || '{"ANCIEN": {"text": "Critère retiré", "links": []}}' WHERE id = $1`,
      [firstApplication.renewedInTime],
    );
    const renewal = await agent.post('/api/qualification/applications').send({ placeId: places.renewedInTime }).expect(201);
    expect(renewal.body.renewalOfDecisionId).toEqual(expect.any(String));
    expect(renewal.body.answers.map((answer: { criterionCode: string }) => answer.criterionCode).sort()).toEqual(
      fullAnswers()
        .map((answer) => answer.criterionCode)
        .sort(),
    );
    expect(renewal.body.renewal.decision).toMatchObject({ id: renewal.body.renewalOfDecisionId, validUntil: end, outcome: 'qualified' });
    const [earlier] = renewal.body.renewal.evidence;
    expect(earlier).toMatchObject({ criterionCode: 'MEDIATEUR', fileName: 'attestation.pdf' });

    const attached = await agent
      .post(`/api/qualification/applications/${renewal.body.id}/reattach-evidence`)
      .send({ evidenceId: earlier.id })
      .expect(201);
    expect(attached.body).toMatchObject({ criterionCode: 'MEDIATEUR', sha256: earlier.sha256, sizeBytes: PDF.length });
    expect(attached.body.id).not.toBe(earlier.id);
    const again = await agent
      .post(`/api/qualification/applications/${renewal.body.id}/reattach-evidence`)
      .send({ evidenceId: earlier.id })
      .expect(201);
    expect(again.body.id).toBe(attached.body.id);
    const file = await agent.get(`/api/qualification/applications/${renewal.body.id}/evidence/${attached.body.id}`).expect(200);
    expect(Buffer.from(file.body).equals(PDF)).toBe(true);
    // Its own file, the other place's files, or no UUID: not an earlier file of this place.
    await agent
      .post(`/api/qualification/applications/${renewal.body.id}/reattach-evidence`)
      .send({ evidenceId: attached.body.id })
      .expect(404);
    const otherEvidence: Array<{ id: string }> = await testApp.dataSource.query(
      'SELECT id FROM qualification_evidence WHERE application_id = $1',
      [firstApplication.renewedLate],
    );
    await agent
      .post(`/api/qualification/applications/${renewal.body.id}/reattach-evidence`)
      .send({ evidenceId: otherEvidence[0].id })
      .expect(404);
    const invalid = await agent
      .post(`/api/qualification/applications/${renewal.body.id}/reattach-evidence`)
      .send({ evidenceId: 'x' })
      .expect(400);
    expect(invalid.body.details).toEqual([{ field: 'evidenceId', problems: ['must be a UUID'] }]);

    await answerAndSubmit(agent, renewal.body.id);
    const { expiring } = await reminderOf(agent, places.renewedInTime);
    expect(expiring[0]).toMatchObject({ reminder: 30, renewal: { applicationId: renewal.body.id, status: 'submitted' } });

    const audit = await (
      await on(addDays(end, -30), DEMO.operatorAdmin)
    )
      .get(`/api/audit-events?objectType=qualification_application&objectId=${renewal.body.id}`)
      .expect(200);
    const actions = audit.body.items.map((event: { action: string }) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['qualification.renewal_opened', 'qualification.evidence_reattached', 'qualification.submitted']),
    );
    const opened = audit.body.items.find((event: { action: string }) => event.action === 'qualification.renewal_opened');
    expect(opened.changes).toMatchObject({ renewalOfDecisionId: renewal.body.renewalOfDecisionId, qualifiedUntil: end });
    expect(opened.changes.prefilledCriteria).not.toContain('ANCIEN');
  });

  it('the reviewer sees a renewal and the previous decision; qualified before the end, it follows on from the old end', async () => {
    const reviewer = await reviewerOn(addDays(end, -20));
    const [pending] = (await reviewer.get(`/api/qualification/applications?placeId=${places.renewedInTime}&status=submitted`).expect(200))
      .body;
    expect(pending.renewalOfDecisionId).toEqual(expect.any(String));
    const detail = await reviewer.get(`/api/qualification/applications/${pending.id}`).expect(200);
    expect(detail.body.renewal.decision).toMatchObject({ validFrom: start, validUntil: end, scorePercent: 66 });

    const decision = await qualify(reviewer, pending.id);
    const newEnd = qualificationValidUntil(addDays(end, 1), 12);
    expect(decision).toMatchObject({ validFrom: addDays(end, 1), validUntil: newEnd });
    const place = await reviewer.get(`/api/places/${places.renewedInTime}`).expect(200);
    expect(place.body.qualification).toMatchObject({ state: 'qualified', qualifiedUntil: newEnd });
    const audit = await (
      await on(addDays(end, -20), DEMO.operatorAdmin)
    )
      .get(`/api/audit-events?objectType=place&objectId=${places.renewedInTime}`)
      .expect(200);
    const qualified = audit.body.items.filter((event: { action: string }) => event.action === 'qualification.qualified');
    expect(qualified[0].changes).toMatchObject({ previousValidUntil: end, continues: true, validFrom: addDays(end, 1) });
  });

  it('under review on its last day the place is still public; the next day it lapses, off the map and « expired » in the register', async () => {
    const agent = await agentOn(addDays(end, -10));
    const renewal = await agent.post('/api/qualification/applications').send({ placeId: places.renewedLate }).expect(201);
    await answerAndSubmit(agent, renewal.body.id);

    clock.setDay(end);
    expect(await mapIds()).toEqual(expect.arrayContaining([places.renewedLate, places.renewedInTime]));
    await testApp.anonymous().get(`/api/places/${places.renewedLate}`).expect(200);
    const exported = (await testApp.anonymous().get('/api/open-data/places.json').expect(200)).body.data.map(
      (row: { id: string }) => row.id,
    );
    expect(exported).toContain(places.renewedLate);

    const agentAfter = await agentOn(addDays(end, 1));
    expect(await mapIds()).not.toContain(places.renewedLate);
    expect(await mapIds()).toContain(places.renewedInTime);
    await testApp.anonymous().get(`/api/places/${places.renewedLate}`).expect(404);
    const { expired } = await reminderOf(agentAfter, places.renewedLate);
    expect(expired).toEqual([
      expect.objectContaining({
        placeId: places.renewedLate,
        daysLeft: -1,
        reminder: null,
        renewal: expect.objectContaining({ status: 'submitted' }),
      }),
    ]);
    expect((await agentAfter.get(`/api/places/${places.renewedLate}`).expect(200)).body.qualification.state).toBe('expired');

    const register = (await testApp.anonymous().get('/api/open-data/qualifications.json').expect(200)).body.data;
    const eventsOf = (placeId: string) =>
      register.filter((entry: { placeId: string }) => entry.placeId === placeId).map((entry: { event: string }) => entry.event);
    expect(eventsOf(places.renewedLate)).toEqual(['expired', 'qualified']);
    expect(eventsOf(places.renewedInTime)).toEqual(['qualified', 'qualified']);
    expect(
      register.find((entry: { placeId: string; event: string }) => entry.placeId === places.renewedLate && entry.event === 'expired'),
    ).toMatchObject({ date: addDays(end, 1), validFrom: start, validUntil: end, referentialVersion: 1 });
    const csv = await testApp.anonymous().get('/api/open-data/qualifications.csv').expect(200);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFF"date","event","placeNationalId","placeName","commune","referentialVersion","validFrom","validUntil"',
    );
    expect(csv.text).toContain(`"${addDays(end, 1)}","expired","${places.renewedLate}"`);
  });

  it('qualified after the end, the renewal runs from the decision day; the lapse stays in the register', async () => {
    const decidedOn = addDays(end, 5);
    const reviewer = await reviewerOn(decidedOn);
    const [pending] = (await reviewer.get(`/api/qualification/applications?placeId=${places.renewedLate}&status=submitted`).expect(200))
      .body;
    const decision = await qualify(reviewer, pending.id);
    expect(decision).toMatchObject({ validFrom: decidedOn, validUntil: qualificationValidUntil(decidedOn, 12) });
    expect(await mapIds()).toContain(places.renewedLate);
    const register = (await testApp.anonymous().get('/api/open-data/qualifications.json').expect(200)).body.data;
    expect(
      register.filter((entry: { placeId: string }) => entry.placeId === places.renewedLate).map((entry: { event: string }) => entry.event),
    ).toEqual(['qualified', 'expired', 'qualified']);
    const agent = await agentOn(decidedOn);
    expect(await reminderOf(agent, places.renewedLate)).toMatchObject({ expiring: [], expired: [] });
  });

  it('the operator sees every organisation’s renewals; a place organisation only its own', async () => {
    const day = addDays(end, 300);
    const operator = await reviewerOn(day);
    const all = (await operator.get('/api/qualification/renewals').expect(200)).body;
    expect(all.reminderDays).toEqual([90, 60, 30, 7]);
    expect(all.today).toBe(day);
    const ids = [...all.expiring, ...all.expired].map((reminder: Reminder) => reminder.placeId);
    expect(ids).toEqual(expect.arrayContaining([places.renewedInTime, places.renewedLate]));

    const own = (await (await agentOn(day)).get('/api/qualification/renewals').expect(200)).body;
    expect([...own.expiring, ...own.expired].map((reminder: Reminder) => reminder.placeId).sort()).toEqual(
      [places.renewedInTime, places.renewedLate].sort(),
    );
    const other = await on(day, otherPlaceOrg.email, otherPlaceOrg.password);
    expect((await other.get('/api/qualification/renewals').expect(200)).body).toMatchObject({ expiring: [], expired: [] });
    expect((await other.get(`/api/qualification/renewals?placeId=${places.renewedInTime}`).expect(404)).body.code).toBe('not_found');
    const funder = await on(day, DEMO.funderManager);
    await funder.get('/api/qualification/renewals').expect(403);
  });
});
