/**
 * Cheques in Chromium against the real API and database: a funder creates and orders a programme
 * through the forms, the operator records its funding, activates it and allocates booklets, a
 * social worker hands out a booklet keyboard-wedge style (serial typed, then Enter), and anybody
 * checks a cheque on its public page. Then an axe-core scan of every new page, wide and at 360 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { validityInWords } from '@app/domain';
import { axeViolations, describeInBrowser, launchChromium } from '../helpers/browser';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const PASSWORD = 'pass-numerique-demo';
const DEMO_DISTRIBUTOR = 'CCAS de Bordeaux (démo)';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A calendar day (YYYY-MM-DD) this many days from today. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** 10500 → "105,00", as a person types euros. */
function euros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** The same code with its first character changed: the check symbol catches it (a typing mistake). */
function mistyped(code: string): string {
  const normalised = code.replace(/-/g, '');
  const first = CROCKFORD[(CROCKFORD.indexOf(normalised[0]) + 1) % CROCKFORD.length];
  return `${first}${normalised.slice(1)}`;
}

describeInBrowser('cheques in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A fresh browser (no cookies), confirmations accepted. */
  async function openBrowser(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({
      baseURL: testApp.baseUrl,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      bypassCSP: true /* to inject axe-core */,
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  async function signIn(email: string): Promise<void> {
    await openBrowser();
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
  }

  async function expectNoAxeViolations(where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  async function statusText(text: string | RegExp): Promise<string> {
    const status = page.getByRole('status').filter({ hasText: text });
    await status.waitFor();
    return (await status.textContent()) ?? '';
  }

  it('a programme goes from a funder form to a cheque checked by its holder', async () => {
    // The funder creates a programme through the form, then orders it.
    await signIn(DEMO.funderManager);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await page.getByLabel('Nom du programme').fill('Pass numérique navigateur');
    await page.getByLabel("Valeur d'un chèque (en euros)").fill('10,50');
    await page.getByLabel('Chèques par carnet').fill('5');
    await page.getByLabel('Nombre de carnets').fill('3');
    await page.getByText('Cette commande représente 15 chèques, pour une valeur faciale totale de 157,50').waitFor();
    await page.getByLabel('Premier jour de validité').fill(day(-7));
    await page.getByLabel('Dernier jour de validité').fill(day(365));
    await page.getByLabel('Territoire (facultatif)').fill('33, 33063');
    await page.getByLabel('Aide aux démarches administratives').check();
    await page.getByLabel('Titre de la couverture (facultatif)').fill('Votre Pass numérique');
    await page.getByLabel('Texte de la couverture (facultatif)').fill('Offert par le Département pour apprendre le numérique.');
    await page.getByRole('button', { name: 'Créer le programme' }).click();
    await page.waitForURL(/\/programmes\/[0-9a-f-]{36}$/);
    const programmeId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: 'Pass numérique navigateur' }).waitFor();
    await statusText('est créé (brouillon');
    await page.getByRole('button', { name: 'Passer la commande' }).click();
    expect(await statusText('La commande est passée')).toContain('15 chèques ont été émis dans 3 carnets');
    const funder = await loginAs(testApp, DEMO.funderManager);
    const ordered = (await funder.get(`/api/programmes/${programmeId}`).expect(200)).body;
    expect(ordered).toMatchObject({ status: 'ordered', faceValueCents: 1050, territoryCodes: ['33', '33063'] });
    const serial = (number: number) => `${ordered.code}-${String(number).padStart(5, '0')}`;

    // The operator records the funding (first too little: the 409 is explained), activates and allocates.
    await signIn(DEMO.operatorAdmin);
    await page.goto(`/programmes/${programmeId}`);
    await page.getByRole('heading', { level: 1, name: 'Pass numérique navigateur' }).waitFor();
    await page.getByLabel('Montant reçu (en euros)').fill('100');
    await page.getByLabel('Date de réception').fill(day(-1));
    await page.getByLabel('Référence du paiement').fill('VIR-NAVIGATEUR-1');
    await page.getByRole('button', { name: 'Enregistrer le financement' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le montant reçu ne couvre pas le total dû' }).waitFor();
    await expectNoAxeViolations('funding refused');
    await page.getByLabel('Montant reçu (en euros)').fill(euros(ordered.order.totalDueCents));
    await page.getByRole('button', { name: 'Enregistrer le financement' }).click();
    await statusText('est enregistré : le programme est financé');
    await page.getByRole('button', { name: 'Activer' }).click();
    await statusText('Le programme est actif');
    await page.getByLabel('Du carnet n°', { exact: true }).fill('1');
    await page.getByLabel('Au carnet n° (inclus)').fill('2');
    await page.getByLabel('Structure distributrice').selectOption({ label: DEMO_DISTRIBUTOR });
    await page.getByRole('button', { name: 'Attribuer les carnets' }).click();
    await statusText(`2 carnets attribués à ${DEMO_DISTRIBUTOR}`);
    const download = page.getByRole('link', { name: 'Télécharger les carnets (PDF)' });
    expect(await download.getAttribute('href')).toBe(`/api/programmes/${programmeId}/booklets.pdf`);
    await page.getByLabel('Du carnet n° (facultatif)').fill('2');
    await page.getByLabel('Au carnet n° (facultatif)').fill('3');
    expect(await download.getAttribute('href')).toBe(`/api/programmes/${programmeId}/booklets.pdf?from=2&to=3`);

    // The social worker sees the stock, then hands out booklet 1: profile first, serial typed, Enter.
    await signIn(DEMO.distributorAgent);
    await page.getByRole('link', { name: 'Stock de carnets' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock de carnets' }).waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: serial(1) })
        .textContent(),
    ).toContain('5 à remettre');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Remettre un carnet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Remettre un carnet' }).waitFor();
    await page
      .getByText("Aucune information permettant d'identifier la personne n'est enregistrée (ni nom, ni adresse, ni téléphone).")
      .waitFor();
    await page.getByLabel("Tranche d'âge").selectOption({ label: '60 à 74 ans' });
    await page.getByLabel('Situation').selectOption({ label: 'Retraité·e' });
    // The commune by its name, chosen among the suggestions of the official list (WAI-ARIA combobox).
    const commune = page.getByRole('combobox', { name: 'Commune' });
    await commune.fill('merignac');
    await page.getByRole('option', { name: 'Mérignac (33700) — 33' }).waitFor();
    expect(await commune.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await commune.inputValue()).toBe('Mérignac (33700) — 33');
    expect(await commune.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('group', { name: 'Besoins' }).getByLabel('Aide aux démarches administratives').check();
    // The profile comes before the booklet: a scan (the code, then Enter) fills the number, the person confirms.
    const handOuts = async (): Promise<number> => Number((await testApp.dataSource.query('SELECT count(*) AS n FROM hand_outs'))[0].n);
    const handOutsBefore = await handOuts();
    const serialInput = page.getByLabel('Numéro du carnet');
    await serialInput.click();
    await page.keyboard.type(serial(1));
    await page.keyboard.press('Enter');
    await statusText(`Carnet ${serial(1)} lu : vérifiez le profil, puis appuyez sur « Enregistrer la remise du carnet ».`);
    const save = page.getByRole('button', { name: 'Enregistrer la remise du carnet' });
    expect(await save.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect(await handOuts()).toBe(handOutsBefore);
    // While the platform records it, the button says so and cannot be pressed twice.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/hand-outs', async (route) => {
      await held;
      await route.continue();
    });
    await page.keyboard.press('Enter');
    const busy = page.getByRole('button', { name: 'Enregistrement de la remise…' });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    expect(await busy.getAttribute('aria-busy')).toBe('true');
    release();
    await statusText(`Carnet ${serial(1)} remis : 5 chèques sont maintenant utilisables.`);
    await page.unroute('**/api/hand-outs');
    // Ready for the next person: empty form, focus on the profile.
    await page.locator('#remise-age:focus').waitFor();
    expect(await serialInput.inputValue()).toBe('');
    expect(await page.getByLabel("Tranche d'âge").inputValue()).toBe('');
    expect(await page.getByRole('combobox', { name: 'Commune', exact: true }).inputValue()).toBe('');
    // The sheet of places to print for the person, near the commune of the hand-out.
    const sheet = page.getByRole('region', { name: 'Fiche « Où utiliser vos chèques »' });
    expect(await sheet.getByRole('combobox', { name: 'Commune de la personne' }).inputValue()).toBe('Mérignac (33700) — 33');
    expect(await sheet.getByRole('link', { name: 'Imprimer la fiche A5 (PDF)' }).getAttribute('href')).toBe(
      '/api/where-to-use.pdf?commune=33281&format=A5',
    );
    const [recorded] = await testApp.dataSource.query('SELECT commune_code FROM hand_outs ORDER BY created_at DESC LIMIT 1');
    expect(recorded.commune_code).toBe('33281');
    await expectNoAxeViolations('hand-out done, sheet offered');
    // Scanning the same booklet again: refused in words, focus still in the field for the next scan.
    await serialInput.click();
    await page.keyboard.type(serial(1));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Ce carnet a déjà été remis' }).waitFor();
    await page.locator('#remise-carnet:focus').waitFor();
    await expectNoAxeViolations('hand-out refused');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carnets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock de carnets' }).waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: serial(1) })
        .textContent(),
    ).toContain('5 remis');
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: serial(2) })
        .textContent(),
    ).toContain('5 à remettre');
    const distributor = await loginAs(testApp, DEMO.distributorAgent);
    const handedOut = (await distributor.get(`/api/booklets/${serial(1)}`).expect(200)).body;
    expect(handedOut.counts).toMatchObject({ issued: 0, distributed: 5 });

    // Anybody checks a cheque from its QR code (query string ignored), without signing in.
    const codes = await chequeCodes(testApp, programmeId);
    const ofBooklet1 = codes.find((cheque) => cheque.bookletNumber === 1)!.code;
    const ofBooklet2 = codes.find((cheque) => cheque.bookletNumber === 2)!.code;
    await openBrowser();
    await page.goto(`/c/${ofBooklet1}?p=${programmeId}&k=cle&s=signature`);
    await page.getByRole('heading', { level: 1, name: 'Vérifier un chèque' }).waitFor();
    const valid = await statusText('Chèque valable');
    expect(valid).toContain('Ce chèque est valable');
    // The validity in the same words as the scanner's: the printed day, then the grace period.
    const { cheque: checked } = (await testApp.anonymous().get(`/api/cheques/${ofBooklet1}/status`).expect(200)).body;
    const validity = validityInWords(checked);
    expect(valid).toContain(validity);
    expect(await page.locator('.summary-list').getByText(validity, { exact: false }).count()).toBe(1);
    await page.getByText('10,50').first().waitFor();
    await page.getByText('Pass numérique navigateur').waitFor();
    const map = page.getByRole('link', { name: 'Voir tous les lieux du territoire de ce chèque' });
    expect(await map.getAttribute('href')).toBe('/carte?territoire=33%2C33063');
    // The nearest places to the holder's commune, typed by its postcode.
    const near = page.getByRole('search', { name: 'Les lieux les plus proches' });
    await near.getByRole('combobox', { name: 'Votre commune' }).fill('33110');
    await page.getByRole('option', { name: 'Le Bouscat (33110) — 33' }).click();
    await near.getByRole('button', { name: 'Chercher près de cette commune' }).click();
    await page.getByRole('status').filter({ hasText: 'lieux les plus proches de Le Bouscat' }).waitFor();
    expect(await page.getByRole('list', { name: 'Lieux les plus proches de Le Bouscat' }).getByRole('listitem').count()).toBeGreaterThan(0);

    await page.getByLabel('Code du chèque').fill(ofBooklet2);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    expect(await statusText('Chèque non utilisable')).toContain("n'a pas encore été remis");
    expect(await page.getByRole('link', { name: 'Voir tous les lieux du territoire de ce chèque' }).count()).toBe(0);
    expect(await page.getByRole('search', { name: 'Les lieux les plus proches' }).count()).toBe(0);

    // A mistyped code is never « vérifié »: it is put back in the form with what is wrong, and nothing is asked of the server.
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/cheques/')) asked.push(request.url());
    });
    await page.goto(`/c/${mistyped(ofBooklet1)}`);
    await page
      .getByRole('alert')
      .getByRole('link', { name: /^Code du chèque : Ce code contient une erreur de frappe/ })
      .waitFor();
    expect(await page.getByLabel('Code du chèque').inputValue()).toBe(mistyped(ofBooklet1));
    expect(await page.getByText(/Code vérifié/).count()).toBe(0);
    expect(await page.getByText('Chèque non utilisable').count()).toBe(0);
    await page.getByLabel('Code du chèque').fill(ofBooklet1.slice(0, 10));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page
      .getByRole('alert')
      .getByRole('link', { name: /^Code du chèque : Un code de chèque a 17 caractères/ })
      .waitFor();
    expect(asked).toEqual([]);
    // The public footer is for the public: the API's documentation is on the open data page (and « Accès API »).
    expect(await page.getByRole('contentinfo').getByRole('link', { name: /API/ }).count()).toBe(0);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Données ouvertes', exact: true }).click();
    expect(await page.getByRole('link', { name: "documentation de l'API" }).getAttribute('href')).toBe('/api/docs');
  });

  it('a funder edits a draft field by field and gives its covers a logo; once ordered, only the logo changes', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const draft = await createProgramme({
      funder,
      operator,
      until: 'draft',
      input: { name: 'Brouillon à modifier', validFrom: day(-7), validUntil: day(300) },
    });
    await signIn(DEMO.funderManager);
    await page.goto(`/programmes/${draft.id}`);
    await page.getByRole('heading', { level: 1, name: 'Brouillon à modifier' }).waitFor();
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Modifier le brouillon' }) });
    // The form shows the draft as saved.
    expect(await form.getByLabel("Valeur d'un chèque (en euros)").inputValue()).toBe('10');
    expect(await form.getByLabel('Territoire (facultatif)').inputValue()).toBe('33');
    expect(await form.getByLabel('Aide aux démarches administratives').isChecked()).toBe(true);

    // A mistake first: the API's problem is shown on its field, in French.
    await form.getByLabel('Dernier jour de validité').fill(day(-30));
    await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Dernier jour de validité : Le dernier jour ne peut pas précéder le premier jour.');
    expect(await form.getByLabel('Dernier jour de validité').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations('draft edit with errors');

    await form.getByLabel('Nom du programme').fill('Brouillon modifié');
    await form.getByLabel("Valeur d'un chèque (en euros)").fill('12,50');
    await form.getByLabel('Chèques par carnet').fill('4');
    await form.getByLabel('Nombre de carnets').fill('6');
    await form.getByText('Cette commande représente 24 chèques, pour une valeur faciale totale de 300,00').waitFor();
    await form.getByLabel('Premier jour de validité').fill(day(1));
    await form.getByLabel('Dernier jour de validité').fill(day(200));
    await form.getByLabel('Jours de grâce').fill('15');
    await form.getByLabel('Territoire (facultatif)').fill('33063, 2a');
    await form.getByLabel('Aide aux démarches administratives').uncheck();
    await form.getByLabel('Utilisation sécurisée du numérique').check();
    await form.getByLabel('Titre de la couverture (facultatif)').fill('');
    await form.getByLabel('Texte de la couverture (facultatif)').fill('Offert par la commune.');
    await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await statusText('Les modifications du brouillon sont enregistrées.');
    await page.getByRole('heading', { level: 1, name: 'Brouillon modifié' }).waitFor();
    await page.getByText('6 carnets de 4 chèques').waitFor();
    expect((await funder.get(`/api/programmes/${draft.id}`).expect(200)).body).toMatchObject({
      name: 'Brouillon modifié',
      faceValueCents: 1250,
      chequesPerBooklet: 4,
      bookletCount: 6,
      validFrom: day(1),
      validUntil: day(200),
      graceDays: 15,
      territoryCodes: ['33063', '2A'],
      eligibleServices: ['Utilisation sécurisée du numérique'],
      coverTitle: null,
      coverText: 'Offert par la commune.',
      coverLogoType: null,
    });

    // The logo: files that are not a PNG or JPEG, or too big, are refused in words; then a real PNG.
    const logoInput = page.getByLabel('Fichier du logo');
    const send = page.getByRole('button', { name: 'Envoyer le logo' });
    const logoError = page.locator('#logo-fichier-erreur');
    await logoInput.setInputFiles({ name: 'logo.txt', mimeType: 'text/plain', buffer: Buffer.from('pas une image') });
    await send.click();
    await logoError.filter({ hasText: 'Le fichier doit être une image PNG ou JPEG' }).waitFor(); // 415
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('pas une image non plus') });
    await send.click();
    await logoError.filter({ hasText: 'son contenu compte, pas son nom' }).waitFor(); // 400
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.alloc(1024 * 1024 + 1) });
    await send.click();
    await logoError.filter({ hasText: 'Le fichier dépasse 1 Mo' }).waitFor();
    await expectNoAxeViolations('logo with errors');
    const logo = new PNG({ width: 40, height: 20 });
    logo.data.fill(0x80);
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG.sync.write(logo) });
    await send.click();
    await statusText('Le logo est enregistré');
    const preview = page.getByRole('img', { name: 'Logo du financeur, imprimé sur la couverture des carnets' });
    await preview.waitFor();
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: { querySelector(selector: string): { naturalWidth: number } | null } };
      return document.querySelector('img.logo-preview')?.naturalWidth === 40; // the image loaded from GET …/logo
    });
    expect(await logoError.count()).toBe(0);
    await page.getByRole('button', { name: 'Remplacer le logo' }).waitFor();

    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await expectNoAxeViolations(`edited draft with its logo at ${width}px`);
    }

    // Ordered meanwhile (another tab): saving is refused with the reason, and the page turns read-only.
    await funder.post(`/api/programmes/${draft.id}/order`).expect(200);
    await form.getByLabel('Jours de grâce').fill('16');
    await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('alert').filter({ hasText: "Ce programme n'est plus un brouillon" }).waitFor();
    await page.getByText('Commandé', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Modifier le brouillon' }).count()).toBe(0);
    expect(await page.getByLabel('Nom du programme').count()).toBe(0);
    expect((await funder.get(`/api/programmes/${draft.id}`).expect(200)).body.graceDays).toBe(15);
    // The cover may still change until funding.
    await page.getByRole('heading', { name: 'Remplacer le logo de la couverture' }).waitFor();
    await expectNoAxeViolations('ordered programme, read-only');
  });

  it('the operator replaces, then removes, the logo of a funded programme (to fix one that stops printing)', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const funded = await createProgramme({
      funder,
      operator,
      until: 'funded',
      input: { name: 'Financé, logo à corriger', validFrom: day(-7), validUntil: day(300) },
    });
    await signIn(DEMO.operatorAdmin);
    await page.goto(`/programmes/${funded.id}`);
    await page.getByRole('heading', { level: 1, name: 'Financé, logo à corriger' }).waitFor();
    await page.getByText("En tant qu'opérateur", { exact: false }).waitFor();
    const logo = new PNG({ width: 30, height: 30 });
    logo.data.fill(0x40);
    await page.getByLabel('Fichier du logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG.sync.write(logo) });
    await page.getByRole('button', { name: 'Envoyer le logo' }).click();
    await statusText('Le logo est enregistré');
    await expectNoAxeViolations('funded programme, operator with a logo');
    await page.getByRole('button', { name: 'Retirer le logo' }).click();
    await statusText('Le logo est retiré');
    await page.getByRole('heading', { name: 'Ajouter un logo sur la couverture' }).waitFor();
    expect((await operator.get(`/api/programmes/${funded.id}`).expect(200)).body.coverLogoType).toBeNull();
    const events = (await operator.get(`/api/audit-events?objectId=${funded.id}`).expect(200)).body.items.map(
      (event: { action: string }) => event.action,
    );
    expect(events).toEqual(expect.arrayContaining(['programme.logo_changed', 'programme.logo_removed']));
  });

  it('every new page has zero axe violations, wide and at 360 px', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const distributorAgent = await loginAs(testApp, DEMO.distributorAgent);
    const input = { validFrom: day(-30), validUntil: day(300) };
    const draft = await createProgramme({ funder, operator, until: 'draft', input: { ...input, name: 'Axe brouillon' } });
    const ordered = await createProgramme({ funder, operator, until: 'ordered', input: { ...input, name: 'Axe commandé' } });
    const active = await createProgramme({ funder, operator, until: 'active', input: { ...input, name: 'Axe actif' } });
    const ccas = (await operator.get('/api/organisations?kind=distributor').expect(200)).body.find(
      (organisation: { name: string }) => organisation.name === DEMO_DISTRIBUTOR,
    );
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: active.id, fromNumber: 1, toNumber: 2, distributorOrganisationId: ccas.id })
      .expect(201);
    await distributorAgent
      .post('/api/hand-outs')
      .send({ bookletSerial: `${active.code}-00001` })
      .expect(201);
    const codes = await chequeCodes(testApp, active.id);
    const handedOut = codes.find((cheque) => cheque.bookletNumber === 1)!.code;
    const notHandedOut = codes.find((cheque) => cheque.bookletNumber === 2)!.code;

    const pagesByRole: Array<{ email: string | null; paths: string[] }> = [
      {
        email: DEMO.funderManager,
        paths: ['/', '/programmes', `/programmes/${draft.id}`, `/programmes/${ordered.id}`, `/programmes/${active.id}`, '/carnets'],
      },
      {
        email: DEMO.operatorAdmin,
        paths: [
          '/',
          '/programmes',
          `/programmes/${ordered.id}`,
          `/programmes/${active.id}`,
          `/carnets?programme=${active.id}`,
          '/annulation',
        ],
      },
      { email: DEMO.distributorAgent, paths: ['/', '/carnets', '/remise', '/annulation'] },
      {
        email: null,
        paths: ['/verifier', `/c/${handedOut}`, `/c/${notHandedOut}`, `/c/${mistyped(handedOut)}`, '/c/pas-un-code'],
      },
    ];
    for (const { email, paths } of pagesByRole) {
      if (email) await signIn(email);
      else await openBrowser();
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of paths) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          await expectNoAxeViolations(`${path} as ${email ?? 'anonymous'} at ${width}px`);
        }
        // Forms with their error summary.
        if (email === DEMO.funderManager) {
          await page.goto('/programmes');
          await page.getByRole('button', { name: 'Créer le programme' }).click();
          await page.getByRole('alert').waitFor();
          await expectNoAxeViolations(`/programmes with errors at ${width}px`);
        }
        if (email === DEMO.distributorAgent) {
          await page.goto('/remise');
          await page.getByRole('button', { name: 'Enregistrer la remise du carnet' }).click();
          await page.getByRole('alert').waitFor();
          await expectNoAxeViolations(`/remise with errors at ${width}px`);
          await page.goto('/annulation');
          await page.getByRole('radio', { name: "Des chèques à l'unité" }).check();
          await page.getByRole('button', { name: 'Annuler les chèques' }).click();
          await page.getByRole('alert').waitFor();
          await expectNoAxeViolations(`/annulation with errors at ${width}px`);
        }
      }
    }
  }, 300_000);
});
