/**
 * The back office of places in Chromium against the real API and database: a place agent adds a
 * place through the form (errors named next to each field), corrects its opening hours, builds its
 * catalogue (a change writes version 2, the history keeps version 1, a service is retired); the
 * operator creates a place for a place organisation and suspends then lifts a qualified place.
 * axe-core scans every screen, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { PLACE_INPUT, createQualifiedPlace } from '../helpers/places';
import { DEMO, loginAs } from '../helpers/test-app';

const DEMO_PLACE_ORGANISATION = 'Médiathèque Flora Tristan (démo)';

describeInBrowser('back office of places in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function signIn(email: string): Promise<void> {
    page = await app.signIn(email);
  }

  const summary = () => page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' });

  /** Fills the fields a place cannot do without. */
  async function fillRequired(name: string): Promise<void> {
    await page.getByLabel('Nom du lieu', { exact: true }).fill(name);
    await page.getByLabel('SIRET ou numéro RNA').fill(PLACE_INPUT.pivot);
    await page.getByLabel('Adresse', { exact: true }).fill('3 rue du Lac');
    await page.getByLabel('Code postal').fill('33300');
    await page.getByLabel('Commune', { exact: true }).fill('Bordeaux');
  }

  it('a place agent adds a place, corrects its hours, and keeps its catalogue with its history', async () => {
    const name = 'Tiers-lieu des Chartrons (navigateur)';
    await signIn(DEMO.placeAgent);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Lieux gérés' }).click();
    await page.getByRole('link', { name: 'Ajouter un lieu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un lieu' }).waitFor();
    await expectAccessible(page, 'empty place form');

    // Hours entered day by day: a day opening without a closing time is said before anything is sent.
    const monday = page.getByRole('group', { name: 'Lundi' });
    await monday.getByLabel('Ouvre à', { exact: true }).fill('09:00');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await summary().getByRole('link', { name: 'Horaires d’ouverture : Lundi : indiquez l’heure de fermeture.' }).waitFor();
    expect(await monday.getByLabel('Ouvre à', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await monday.getByLabel('Ferme à', { exact: true }).fill('12:00');
    await monday.getByLabel('Rouvre à', { exact: true }).fill('14:00');
    await monday.getByLabel('Referme à', { exact: true }).fill('18:00');
    await page.getByRole('button', { name: 'Reprendre les horaires du lundi du mardi au vendredi' }).click();
    expect(await page.getByRole('group', { name: 'Vendredi' }).getByLabel('Referme à', { exact: true }).inputValue()).toBe('18:00');
    await page.getByText('Mo-Fr 09:00-12:00,14:00-18:00', { exact: true }).waitFor();
    await expectAccessible(page, 'place form, hours day by day');

    // Nothing typed, and hours the library cannot read (typed as text): each problem in French, in the summary and at its field.
    await page.getByRole('button', { name: 'Écrire les horaires en syntaxe OpenStreetMap' }).click();
    await page.getByLabel('Horaires d’ouverture, syntaxe OpenStreetMap (facultatif)').fill('du lundi au vendredi le matin');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await summary().waitFor();
    const listed = await summary().textContent();
    expect(listed).toContain('Nom du lieu : Ce champ est obligatoire.');
    expect(listed).toContain('Code postal : Ce champ est obligatoire.');
    expect(listed).toContain('Horaires d’ouverture : Ces horaires ne suivent pas la syntaxe OpenStreetMap');
    expect(await page.locator('#lieu-horaires-erreur').textContent()).toContain('Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00');
    expect(await page.getByLabel('Nom du lieu', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await summary()
      .getByRole('link', { name: /^Code postal/ })
      .click();
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
    ).toBe('lieu-code-postal');
    await expectAccessible(page, 'place form with errors');

    await fillRequired(name);
    // Back to the days from text they can show.
    await page.getByLabel('Horaires d’ouverture, syntaxe OpenStreetMap (facultatif)').fill('Mo-Fr 09:00-12:00,14:00-18:00');
    await page.getByRole('button', { name: 'Saisir les horaires jour par jour' }).click();
    expect(await page.getByRole('group', { name: 'Jeudi' }).getByLabel('Rouvre à', { exact: true }).inputValue()).toBe('14:00');

    // The position: a click on the map centred on the commune of the postcode, then by keyboard (arrows, then the button).
    await page.getByRole('status').filter({ hasText: 'La carte montre Bordeaux' }).waitFor();
    const map = page.getByRole('region', { name: 'Carte pour placer le lieu' });
    await map.click({ position: { x: 120, y: 60 } }); // clear of the zoom buttons (top left)
    await page.getByRole('status').filter({ hasText: 'Position choisie' }).waitFor();
    const latitude = page.getByLabel('Latitude (facultatif)');
    const longitude = page.getByLabel('Longitude (facultatif)');
    const clicked = [Number(await latitude.inputValue()), Number(await longitude.inputValue())];
    expect(clicked[0]).toBeCloseTo(44.84, 1); // Bordeaux, at zoom 14 a few hundred metres from its centre
    expect(clicked[1]).toBeCloseTo(-0.58, 1);
    await map.focus();
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Placer le lieu au centre de la carte' }).click();
    await page.waitForFunction(`Number(document.getElementById('lieu-longitude').value) !== ${clicked[1]}`);
    const placed = [Number(await latitude.inputValue()), Number(await longitude.inputValue())];
    expect(placed[1]).toBeGreaterThan(clicked[1]); // the map moved east
    await page.getByLabel('Adresses e-mail (facultatif)').fill('contact@chartrons.example\naccueil@chartrons.example');
    await page.getByRole('group', { name: 'Services proposés' }).getByLabel('Aide aux démarches administratives').check();
    await page.getByRole('group', { name: 'Modalités d’accompagnement' }).getByLabel('Accompagnement individuel').check();
    await page.getByRole('group', { name: 'Itinérance' }).getByLabel('Fixe').check();
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(await statusText(page, 'est ajouté')).toContain('demandez sa qualification');
    await page.getByText('Jamais qualifié').waitFor();
    const placeId = new URL(page.url()).pathname.split('/')[2];
    const stored = (await (await loginAs(app.testApp, DEMO.placeAgent)).get(`/api/places/${placeId}`).expect(200)).body;
    expect(stored).toMatchObject({
      latitude: placed[0],
      longitude: placed[1],
      courriels: ['contact@chartrons.example', 'accueil@chartrons.example'],
      itinerance: ['Fixe'],
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:00',
      complement_adresse: null,
    });
    await expectAccessible(page, 'managed place');

    // The form comes back filled in; a phone number too short is named and refused, one in national form kept in international form.
    await page.getByRole('link', { name: 'Modifier la fiche' }).click();
    await page.getByRole('heading', { level: 1, name: `Modifier la fiche — ${name}` }).waitFor();
    expect(await page.getByLabel('Commune', { exact: true }).inputValue()).toBe('Bordeaux');
    expect(await page.getByRole('group', { name: 'Services proposés' }).getByLabel('Aide aux démarches administratives').isChecked()).toBe(
      true,
    );
    expect(await page.getByRole('group', { name: 'Mardi' }).getByLabel('Ferme à', { exact: true }).inputValue()).toBe('12:00');
    const saturday = page.getByRole('group', { name: 'Samedi' });
    await saturday.getByLabel('Ouvre à', { exact: true }).fill('09:00');
    await saturday.getByLabel('Ferme à', { exact: true }).fill('12:00');
    await page.getByLabel('Téléphone (facultatif)').fill('05 56 00 00');
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await summary()
      .getByRole('link', { name: /^Téléphone : Saisissez un numéro de téléphone français, par exemple 05 56 12 34 56/ })
      .waitFor();
    await page.getByLabel('Téléphone (facultatif)').fill('05 56 00 00 00');
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await statusText(page, `La fiche du lieu « ${name} » est enregistrée.`);
    expect((await (await loginAs(app.testApp, DEMO.placeAgent)).get(`/api/places/${placeId}`).expect(200)).body).toMatchObject({
      telephone: '+33556000000',
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00',
    });

    // The catalogue: a service added (its problems named first), changed (version 2), then retired; the history keeps both versions.
    await page.getByRole('link', { name: 'Gérer le catalogue' }).click();
    await page.getByRole('heading', { level: 1, name: `Catalogue — ${name}` }).waitFor();
    await page.getByText('Aucun service pour le moment').waitFor();
    await expectAccessible(page, 'empty catalogue');
    await page.getByLabel('Durée (en minutes)').fill('90');
    await page.getByLabel('Prix en chèques').fill('2');
    await page.getByRole('button', { name: 'Ajouter le service' }).click();
    await summary().waitFor();
    expect(await summary().textContent()).toContain('Nom du service : Saisissez au moins 3 caractères.');
    expect(await summary().textContent()).toContain('Catégorie nationale : Choisissez une valeur dans la liste.');
    await page.getByLabel('Nom du service').fill('Atelier « Premiers pas »');
    await page.getByLabel('Catégorie nationale').selectOption('Maîtrise des outils numériques du quotidien');
    await page.getByLabel('Modalité').selectOption({ label: 'Atelier collectif' });
    await page.getByRole('button', { name: 'Ajouter le service' }).click();
    await statusText(page, '« Atelier « Premiers pas » » est ajouté au catalogue.');
    const services = page.getByRole('table', { name: '1 service proposé' });
    expect(await services.getByRole('row').filter({ hasText: 'Premiers pas' }).textContent()).toMatch(/1 h 30.*2 chèques/);

    await services.getByRole('button', { name: 'Modifier « Atelier « Premiers pas » »' }).click();
    const formHeading = page.getByRole('heading', { level: 2, name: 'Modifier « Atelier « Premiers pas » »' });
    await formHeading.waitFor();
    expect(await formHeading.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.getByText('Vos changements créeront la version 2 de ce service').waitFor();
    expect(await page.getByLabel('Prix en chèques').inputValue()).toBe('2');
    await expectAccessible(page, 'catalogue, changing a service');
    await page.getByLabel('Prix en chèques').fill('3');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    expect(await statusText(page, 'est modifié')).toContain('sa version 2 remplace la précédente, qui reste dans l’historique');
    expect(await services.getByRole('row').filter({ hasText: 'Premiers pas' }).textContent()).toMatch(/3 chèques.*2/);
    const history = page.getByRole('table', { name: '2 versions' });
    const versions = await history.getByRole('row').filter({ hasText: 'Premiers pas' }).allTextContents();
    expect(versions).toEqual([
      expect.stringMatching(/^Atelier « Premiers pas »1.*2 chèques.*au /),
      expect.stringMatching(/3 chèques.*à aujourd’hui$/),
    ]);

    page.once('dialog', (dialog) => void dialog.accept());
    await services.getByRole('button', { name: 'Retirer « Atelier « Premiers pas » »' }).click();
    await statusText(page, 'est retiré du catalogue');
    await page.getByText('Aucun service pour le moment').waitFor();
    expect(await history.getByRole('row').filter({ hasText: 'à aujourd’hui' }).count()).toBe(0);
    expect(await history.getByRole('row').filter({ hasText: 'Premiers pas' }).count()).toBe(2);
    await expectAccessible(page, 'catalogue with its history');
  });

  it('the operator creates a place for a place organisation, then suspends and lifts a qualified place', async () => {
    const placeAgent = await loginAs(app.testApp, DEMO.placeAgent);
    const reviewer = await loginAs(app.testApp, DEMO.operatorReviewer);
    const qualifiedName = 'Espace numérique du Lac (suspension)';
    const { id: qualifiedId } = await createQualifiedPlace(placeAgent, reviewer, { nom: qualifiedName });

    await signIn(DEMO.operatorAdmin);
    await page.goto('/lieux-geres');
    await page.getByRole('link', { name: 'Ajouter un lieu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un lieu' }).waitFor();
    await fillRequired('Point numérique de la gare');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await summary().getByRole('link', { name: 'Organisation gestionnaire : Choisissez l’organisation qui gère le lieu.' }).waitFor();
    await page.getByLabel('Organisation qui gère le lieu').selectOption({ label: DEMO_PLACE_ORGANISATION });
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Point numérique de la gare' }).waitFor();
    await page.getByRole('definition').filter({ hasText: DEMO_PLACE_ORGANISATION }).waitFor();

    await page.goto(`/lieux-geres/${qualifiedId}`);
    await page.getByRole('heading', { level: 1, name: qualifiedName }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Suspendre le lieu' }).waitFor();
    await expectAccessible(page, 'managed place as the operator');
    await page.getByRole('button', { name: 'Suspendre le lieu' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Motif : Saisissez au moins 5 caractères.' }).waitFor();
    await page.getByLabel('Motif de la suspension').fill('Signalements répétés de ventes forcées.');
    await page.getByRole('button', { name: 'Suspendre le lieu' }).click();
    await statusText(page, 'Le lieu est suspendu');
    await page.getByText('Suspendu — motif : Signalements répétés de ventes forcées.').waitFor();
    expect((await app.testApp.anonymous().get(`/api/places/${qualifiedId}`)).status).toBe(404);

    await page.getByLabel('Motif de la levée').fill('Contrôle sur place satisfaisant.');
    await page.getByRole('button', { name: 'Lever la suspension' }).click();
    await statusText(page, 'La suspension est levée');
    await page.getByText("Qualifié jusqu'au").waitFor();
    await app.testApp.anonymous().get(`/api/places/${qualifiedId}`).expect(200);
    await expectAccessible(page, 'managed place after lifting');
  });
});
