import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('organisations and invitations', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('an operator admin creates an organisation and invites a person, who joins once with the link', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const organisation = (await admin.post('/api/organisations').send({ name: '  Espace numérique de Cenon  ', kind: 'place' }).expect(201))
      .body;
    expect(organisation).toMatchObject({ name: 'Espace numérique de Cenon', kind: 'place' });

    const invitation = await admin
      .post(`/api/organisations/${organisation.id}/invitations`)
      .send({ email: 'Mediatrice@Cenon.example', role: 'place_agent' })
      .expect(201);
    expect(invitation.body).toMatchObject({ email: 'mediatrice@cenon.example', role: 'place_agent' });
    const token = new URL(invitation.body.invitationUrl).pathname.split('/').pop()!;
    expect(invitation.body.invitationUrl).toBe(`http://pass-numerique.test/invitation/${token}`);

    const described = await testApp.anonymous().get(`/api/invitations/${token}`).expect(200);
    expect(described.body).toMatchObject({
      email: 'mediatrice@cenon.example',
      role: 'place_agent',
      organisation: { id: organisation.id, name: 'Espace numérique de Cenon' },
    });

    const weak = await testApp
      .anonymous()
      .post(`/api/invitations/${token}/accept`)
      .send({ displayName: 'Inès', password: 'court' })
      .expect(400);
    expect(weak.body.details).toEqual([{ field: 'password', problems: ['must be at least 12 characters long'] }]);

    const accepted = await testApp
      .anonymous()
      .post(`/api/invitations/${token}/accept`)
      .send({ displayName: 'Inès Robert', password: 'une longue phrase de passe' })
      .expect(201);
    expect(accepted.body).toMatchObject({ email: 'mediatrice@cenon.example', role: 'place_agent', organisationId: organisation.id });

    const again = await testApp
      .anonymous()
      .post(`/api/invitations/${token}/accept`)
      .send({ displayName: 'Intrus', password: 'une autre phrase de passe' })
      .expect(404);
    expect(again.body).toEqual({
      code: 'invitation_invalid',
      message: 'This invitation link is unknown, already used or expired',
      details: null,
    });
    await testApp.anonymous().get(`/api/invitations/${token}`).expect(404);

    const newcomer = await loginAs(testApp, 'mediatrice@cenon.example', 'une longue phrase de passe');
    const me = await newcomer.get('/api/auth/me').expect(200);
    expect(me.body.organisation).toEqual({ id: organisation.id, name: 'Espace numérique de Cenon', kind: 'place' });
  });

  it('refuses a role that does not fit the organisation kind, an existing email, and non-admins', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const funder = (await admin.get('/api/organisations?kind=funder').expect(200)).body[0];
    const wrongRole = await admin
      .post(`/api/organisations/${funder.id}/invitations`)
      .send({ email: 'x@y.example', role: 'place_agent' })
      .expect(400);
    expect(wrongRole.body.details).toEqual([{ field: 'role', problems: ['place_agent is not a role of a funder organisation'] }]);
    const taken = await admin
      .post(`/api/organisations/${funder.id}/invitations`)
      .send({ email: DEMO.funderViewer, role: 'funder_viewer' })
      .expect(409);
    expect(taken.body.details).toEqual([{ field: 'email', problems: ['already has an account'] }]);
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    await reviewer.post(`/api/organisations/${funder.id}/invitations`).send({ email: 'x@y.example', role: 'funder_viewer' }).expect(403);
    await admin
      .post('/api/organisations/00000000-0000-4000-8000-000000000000/invitations')
      .send({ email: 'x@y.example', role: 'funder_viewer' })
      .expect(404);
  });

  it('an expired invitation cannot be used', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const distributor = (await admin.get('/api/organisations?kind=distributor').expect(200)).body[0];
    const invitation = (
      await admin
        .post(`/api/organisations/${distributor.id}/invitations`)
        .send({ email: 'tard@ccas.example', role: 'distributor_agent' })
        .expect(201)
    ).body;
    await testApp.dataSource.query("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [invitation.id]);
    const token = invitation.invitationUrl.split('/').pop();
    await testApp
      .anonymous()
      .post(`/api/invitations/${token}/accept`)
      .send({ displayName: 'Tard', password: 'une longue phrase de passe' })
      .expect(404);
  });

  it('only the operator creates organisations', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const response = await funder.post('/api/organisations').send({ name: 'Pirate', kind: 'operator' }).expect(403);
    expect(response.body).toEqual({ code: 'forbidden', message: 'Your role does not allow this action', details: null });
  });
});
