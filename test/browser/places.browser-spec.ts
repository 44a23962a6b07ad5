/**
 * Public pages of places in Chromium against the real API: a place qualified through the API is
 * found in the list (and narrowed by text), on the map (a marker opens a popup with a link), opened
 * on its page (hours, catalogue); the register lists its decision, the referential its criteria.
 * Then an axe-core scan of each public page, wide and at 360 px. No network: tiles never load.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeInBrowser, launchChromium } from '../helpers/browser';
import { createQualifiedPlace } from '../helpers/places';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const PLACE_NAME = 'Espace numérique du Lac Navigateur';

describeInBrowser('public places pages in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let placeId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    browser = await launchChromium();
    const placeAgent = await loginAs(testApp, DEMO.placeAgent);
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    ({ id: placeId } = await createQualifiedPlace(placeAgent, reviewer, {
      nom: PLACE_NAME,
      presentation_resume: 'Ateliers numériques au bord du lac.',
    }));
    await placeAgent
      .post(`/api/places/${placeId}/catalogue`)
      .send({
        name: 'Atelier « Premiers pas »',
        category: 'Maîtrise des outils numériques du quotidien',
        modality: 'collective_workshop',
        durationMinutes: 90,
        priceInCheques: 2,
      })
      .expect(201);
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function openBrowser(geolocation?: { latitude: number; longitude: number }): Promise<Page> {
    await context?.close();
    context = await browser.newContext({
      baseURL: testApp.baseUrl,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      bypassCSP: true /* to inject axe-core */,
      ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
    });
    page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    return page;
  }

  async function expectNoAxeViolations(where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  const results = () => page.getByRole('list', { name: 'Lieux trouvés' });

  it('finds the place in the list, narrows it by text, and opens its page', async () => {
    await openBrowser();
    await page.goto('/');
    // Anonymous visitors reach the map from the footer.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Trouver un lieu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trouver un lieu de médiation numérique' }).waitFor();
    const search = page.getByRole('search', { name: 'Filtrer les lieux' });
    await search.getByLabel('Service').waitFor();
    await search.getByLabel('Ouvert maintenant').waitFor();
    await search.getByLabel("Modalité d'accompagnement").waitFor();
    await results().getByRole('link', { name: PLACE_NAME }).waitFor();
    const before = await results().getByRole('listitem').count();
    expect(before).toBeGreaterThan(1);

    await search.getByLabel('Nom, commune ou code postal').fill('Lac Navigateur');
    await search.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('status').filter({ hasText: '1 lieu trouvé' }).waitFor();
    expect(await results().getByRole('listitem').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?q=Lac+Navigateur');

    await results().getByRole('link', { name: PLACE_NAME }).click();
    await page.getByRole('heading', { level: 1, name: PLACE_NAME }).waitFor();
    const hours = page.getByRole('table', { name: "Horaires d'ouverture de la semaine" });
    await hours.waitFor();
    expect(await hours.getByRole('row').count()).toBe(8);
    expect(await hours.getByRole('row').filter({ hasText: /lundi/i }).textContent()).toContain('09:00');
    expect(
      await hours
        .getByRole('row')
        .filter({ hasText: /dimanche/i })
        .textContent(),
    ).toContain('Fermé');
    const catalogue = page.getByRole('table', { name: 'Accompagnements payables en chèques Pass numérique' });
    expect(await catalogue.getByRole('row').filter({ hasText: 'Premiers pas' }).textContent()).toMatch(/1 h 30.*2 chèques/);
    expect(await page.getByRole('link', { name: /Itinéraire/ }).getAttribute('href')).toBe(
      'https://www.openstreetmap.org/directions?to=44.8837%2C-0.5654',
    );
    await page.getByText('Qualifié jusqu').waitFor();
  });

  it('shows the places on a map whose markers open a popup with a link to the place', async () => {
    await openBrowser();
    await page.goto('/carte?commune=33063');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByLabel('Seulement la commune de code INSEE 33063').isChecked()).toBe(true);
    await page.getByLabel('Nom, commune ou code postal').fill('Lac Navigateur');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('status').filter({ hasText: '1 lieu trouvé' }).waitFor();
    await page.getByRole('button', { name: 'Carte', exact: true }).click();
    await page.getByRole('region', { name: 'Carte des lieux trouvés' }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 lieu sur la carte' }).waitFor();
    await page.getByRole('button', { name: PLACE_NAME }).click();
    // Leaflet's own close button, named in French.
    await page.locator('.leaflet-popup').getByRole('button', { name: 'Fermer la fenêtre du lieu' }).waitFor();
    await page.locator('.leaflet-popup').getByRole('link', { name: PLACE_NAME }).click();
    await page.getByRole('heading', { level: 1, name: PLACE_NAME }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/lieux/${placeId}`);
  });

  it('finds the nearest places to a commune typed by name or postcode, with distance and next opening', async () => {
    await openBrowser();
    await page.goto('/carte');
    const near = page.getByRole('search', { name: 'Les lieux les plus proches' });
    const commune = near.getByRole('combobox', { name: 'Votre commune' });
    await commune.fill('le bousc');
    await page.getByRole('option', { name: 'Le Bouscat (33110) — 33' }).click();
    await near.getByRole('button', { name: 'Chercher près de cette commune' }).click();
    await page.getByRole('status').filter({ hasText: 'Les 5 lieux les plus proches de Le Bouscat' }).waitFor();
    const list = page.getByRole('list', { name: 'Lieux les plus proches de Le Bouscat' });
    const distances = (await list.locator('.place-item__distance').allTextContents()).map((text) => {
      const [, value, unit] = /À ([\d,]+) (k?m)/.exec(text)!;
      return Number(value.replace(',', '.')) * (unit === 'm' ? 0.001 : 1);
    });
    expect(distances).toHaveLength(5);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // The lake's place (44.8837, -0.5654) is about 2.6 km from Le Bouscat.
    await list.getByRole('link', { name: PLACE_NAME }).waitFor();

    // By postcode, then « ouvert maintenant »: open places, or the nearest with their next opening.
    // Typed key by key over the commune chosen before, as a person does, right after the search.
    await commune.click();
    await commune.press('ControlOrMeta+a');
    await commune.pressSequentially('33700');
    await page.getByRole('option', { name: 'Mérignac (33700) — 33' }).click();
    await near.getByLabel('Seulement les lieux ouverts maintenant').check();
    await near.getByRole('button', { name: 'Chercher près de cette commune' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /(proches de Mérignac, du plus proche|Aucun lieu proche n'est ouvert maintenant)/ })
      .waitFor();
    expect(await page.getByRole('list', { name: 'Lieux les plus proches de Mérignac' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await expectNoAxeViolations('/carte with the nearest places');
  });

  it('searches again when a commune chosen before is replaced, at once after leaving the field', async () => {
    await openBrowser();
    await page.goto('/carte');
    const near = page.getByRole('search', { name: 'Les lieux les plus proches' });
    const commune = near.getByRole('combobox', { name: 'Votre commune' });
    const searches: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/communes') searches.push(url.searchParams.get('q') ?? '');
    });
    await commune.fill('le bousc');
    await page.getByRole('option', { name: 'Le Bouscat (33110) — 33' }).click();
    // Leaving the field then coming back at once (quicker than the list's closing delay): a new search leaves.
    await near.getByLabel('Seulement les lieux ouverts maintenant').check();
    await commune.fill('33700');
    await page.getByRole('option', { name: 'Mérignac (33700) — 33' }).click();
    expect(await commune.inputValue()).toBe('Mérignac (33700) — 33');
    await near.getByLabel('Seulement les lieux ouverts maintenant').uncheck();
    await commune.click();
    await commune.press('ControlOrMeta+a');
    await commune.pressSequentially('bouscat');
    await page.getByRole('option', { name: 'Le Bouscat (33110) — 33' }).click();
    expect(searches).toEqual(expect.arrayContaining(['le bousc', '33700', 'bouscat']));
    expect(await commune.getAttribute('aria-expanded')).toBe('false');
  });

  it('finds the places « autour de moi » from the browser position, and opens the map near a commune from its address', async () => {
    // Next to the lake's place: it comes first.
    await openBrowser({ latitude: 44.884, longitude: -0.566 });
    await page.goto('/carte');
    await page.getByRole('button', { name: 'Autour de moi' }).click();
    await page.getByRole('status').filter({ hasText: 'les plus proches de votre position' }).waitFor();
    const first = page.getByRole('list', { name: 'Lieux les plus proches de votre position' }).getByRole('listitem').first();
    expect(await first.getByRole('heading').textContent()).toBe(PLACE_NAME);
    expect(await first.locator('.place-item__distance').textContent()).toMatch(/^À \d+ m/);

    // The QR code of the sheet: /carte?proche=<INSEE code>.
    await page.goto('/carte?proche=33069');
    await page.getByRole('status').filter({ hasText: 'Les 5 lieux les plus proches de Le Bouscat' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Votre commune' }).inputValue()).toBe('Le Bouscat (33110) — 33');
  });

  it('takes the territory of a cheque from the address', async () => {
    await openBrowser();
    await page.goto('/carte?territoire=33%2C33063');
    await page.getByText("Votre chèque s'utilise dans les lieux de ce territoire").waitFor();
    expect(await page.getByLabel('Département').inputValue()).toBe('33');
    await results().getByRole('link', { name: PLACE_NAME }).waitFor();
    expect(new URL(page.url()).search).toBe('?departement=33');
  });

  it('explains an unknown place in French', async () => {
    await openBrowser();
    await page.goto('/lieux/00000000-0000-4000-8000-000000000000');
    await page.getByRole('alert').filter({ hasText: 'Ce lieu est introuvable' }).waitFor();
    await page.goto('/lieux/pas-un-lieu');
    await page.getByRole('alert').filter({ hasText: 'Ce lieu est introuvable' }).waitFor();
  });

  it('publishes the register with its decision and the referential with its 11 criteria', async () => {
    await openBrowser();
    await page.goto('/registre');
    await page.getByRole('heading', { level: 1, name: 'Registre des qualifications' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: PLACE_NAME });
    await row.waitFor();
    expect(await row.textContent()).toContain('Qualification accordée');
    expect(await page.getByRole('link', { name: 'Registre au format CSV' }).getAttribute('href')).toBe('/api/open-data/qualifications.csv');
    await page.getByRole('link', { name: /Lieux au format GeoJSON/ }).waitFor();
    await page.getByText('Licence Ouverte 2.0').first().waitFor();

    await page.getByRole('main').getByRole('link', { name: 'référentiel de qualification' }).click();
    await page.getByRole('heading', { level: 1, name: 'Référentiel de qualification des lieux' }).waitFor();
    const criteria = page.getByRole('list', { name: /^Critères/ });
    await criteria.waitFor();
    expect(await criteria.locator(':scope > li').count()).toBe(11);
  });

  it('every public page of places has zero axe violations, wide and at 360 px', async () => {
    await openBrowser();
    const paths = [
      '/carte',
      '/carte?proche=33069',
      '/carte?vue=carte',
      `/lieux/${placeId}`,
      '/lieux/00000000-0000-4000-8000-000000000000',
      '/registre',
      '/referentiel',
    ];
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of paths) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        if (path.includes('vue=carte')) await page.getByRole('status').filter({ hasText: 'sur la carte' }).waitFor();
        await expectNoAxeViolations(`${path} at ${width}px`);
      }
    }
  });
});
