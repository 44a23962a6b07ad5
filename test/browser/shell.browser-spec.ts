/**
 * The web shell in Chromium against the real API and database: login as each role, wrong password,
 * logout, and an axe-core scan of every page (zero violations), wide and at 360 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeInBrowser, launchChromium } from '../helpers/browser';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const PASSWORD = 'pass-numerique-demo';

const ROLES = [
  {
    email: DEMO.operatorAdmin,
    name: 'Camille Leroy',
    nav: [
      'Accueil',
      'Programmes',
      'Tableau de bord',
      'Carnets',
      'Annuler un carnet ou des chèques',
      'Carnets inactifs',
      'Transferts de carnets',
      'Organisations',
      "Journal d'audit",
      'Accès API',
      'Lieux gérés',
      'Qualification',
      'Import de lieux',
      'RIB à vérifier',
      'Comptabilité',
      'Remboursements',
      'Vérifications',
      'Relevés bancaires',
      'Remboursements aux financeurs',
      'Mes sessions',
      'Mes notifications',
    ],
  },
  {
    email: DEMO.operatorReviewer,
    name: 'Hugo Perrin',
    nav: [
      'Accueil',
      'Programmes',
      'Tableau de bord',
      'Carnets',
      'Carnets inactifs',
      'Transferts de carnets',
      'Lieux gérés',
      'Qualification',
      'Comptabilité',
      'Remboursements',
      'Vérifications',
      'Relevés bancaires',
      'Remboursements aux financeurs',
      'Mes sessions',
      'Mes notifications',
    ],
  },
  {
    email: DEMO.funderManager,
    name: 'Nadia Benali',
    nav: [
      'Accueil',
      'Programmes',
      'Tableau de bord',
      'Carnets',
      'Carnets inactifs',
      'Transferts de carnets',
      'Accès API',
      'Coordonnées bancaires',
      'Paiements aux lieux',
      'Mes sessions',
      'Mes notifications',
    ],
  },
  {
    email: DEMO.funderViewer,
    name: 'Louis Moreau',
    nav: [
      'Accueil',
      'Programmes',
      'Tableau de bord',
      'Carnets',
      'Carnets inactifs',
      'Transferts de carnets',
      'Paiements aux lieux',
      'Mes sessions',
      'Mes notifications',
    ],
  },
  {
    email: DEMO.distributorAgent,
    name: 'Sophie Garnier',
    nav: [
      'Accueil',
      'Carnets',
      'Remettre un carnet',
      'Annuler un carnet ou des chèques',
      'Remplacer un carnet perdu',
      'Carnets inactifs',
      'Transferts de carnets',
      'Accès API',
      'Mes sessions',
      'Mes notifications',
    ],
  },
  {
    email: DEMO.placeAgent,
    name: 'Karim Haddad',
    nav: [
      'Accueil',
      'Encaisser',
      'Encaissements',
      'Accès API',
      'Webhooks',
      'Lieux gérés',
      'Coordonnées bancaires',
      'Mes remboursements',
      'Mes sessions',
      'Mes notifications',
    ],
  },
];

describeInBrowser('web shell', () => {
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({
      baseURL: testApp.baseUrl,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      bypassCSP: true /* to inject axe-core */,
    });
    page = await context.newPage();
  });
  afterEach(() => context.close());

  async function login(email: string, password = PASSWORD): Promise<void> {
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  async function expectNoAxeViolations(where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  it.each(ROLES.map((role) => [role.email, role] as const))(
    '%s signs in, sees a home page for the role, and signs out',
    async (_email, role) => {
      await login(role.email);
      await page.getByRole('heading', { level: 1, name: `Bonjour ${role.name}` }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      const links = await nav.getByRole('link').allTextContents();
      expect(links.map((text) => text.trim())).toEqual(role.nav);
      await expectNoAxeViolations(`home of ${role.email}`);
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL('**/connexion');
      await page.getByText('Vous êtes déconnecté·e.').waitFor();
      // The session is over server-side: the home page sends back to the login page.
      await page.goto('/');
      await page.waitForURL('**/connexion');
    },
  );

  it('says so when the password is wrong, without saying which part', async () => {
    await login(DEMO.funderManager, 'mauvais-mot-de-passe');
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await expectNoAxeViolations('login with error');
  });

  it('every page of the shell has zero axe violations, wide and at 360 px', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const place = (await admin.get('/api/organisations?kind=place').expect(200)).body[0];
    const invitation = (
      await admin
        .post(`/api/organisations/${place.id}/invitations`)
        .send({ email: 'nouveau@lieu.example', role: 'place_agent' })
        .expect(201)
    ).body;
    const invitationPath = new URL(invitation.invitationUrl).pathname;

    const publicPages = ['/connexion', invitationPath, '/invitation/lien-inconnu', '/page-qui-n-existe-pas'];
    const adminPages = ['/', '/organisations', '/audit', '/acces-api', '/sessions'];
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of publicPages) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expectNoAxeViolations(`${path} at ${width}px`);
      }
    }
    await login(DEMO.operatorAdmin);
    await page.getByRole('heading', { level: 1, name: 'Bonjour Camille Leroy' }).waitFor();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of adminPages) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await expectNoAxeViolations(`${path} at ${width}px`);
      }
    }
  });

  it('a person joins from an invitation link and signs in', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const distributor = (await admin.get('/api/organisations?kind=distributor').expect(200)).body[0];
    const invitation = (
      await admin
        .post(`/api/organisations/${distributor.id}/invitations`)
        .send({ email: 'lea@ccas.example', role: 'distributor_agent' })
        .expect(201)
    ).body;
    await page.goto(new URL(invitation.invitationUrl).pathname);
    await page.getByText('lea@ccas.example').first().waitFor();
    await page.getByLabel('Nom affiché').fill('Léa Martin');
    await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase de passe solide');
    await page.getByLabel('Confirmation du mot de passe').fill('une phrase de passe solide');
    await page.getByRole('button', { name: /Créer mon compte/ }).click();
    await page
      .getByRole('link', { name: /connecter|connexion/i })
      .first()
      .waitFor();
    await login('lea@ccas.example', 'une phrase de passe solide');
    await page.getByRole('heading', { level: 1, name: 'Bonjour Léa Martin' }).waitFor();
  });
});
