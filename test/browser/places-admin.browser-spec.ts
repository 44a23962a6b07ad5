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

    // Nothing typed, and hours the library cannot read: each problem in French, in the summary and at its field.
    await page.getByLabel('Horaires d’ouverture (facultatif)').fill('du lundi au vendredi le matin');
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
    await page.getByLabel('Horaires d’ouverture (facultatif)').fill('Mo-Fr 09:00-12:00,14:00-18:00');
    await page.getByLabel('Latitude (facultatif)').fill('44,8600');
    await page.getByLabel('Longitude (facultatif)').fill('-0.5700');
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
      latitude: 44.86,
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
    await page.getByLabel('Horaires d’ouverture (facultatif)').fill('Mo-Sa 09:00-12:00');
    await page.getByLabel('Téléphone (facultatif)').fill('05 56 00 00');
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await summary()
      .getByRole('link', { name: /^Téléphone : Saisissez un numéro de téléphone français, par exemple 05 56 12 34 56/ })
      .waitFor();
    await page.getByLabel('Téléphone (facultatif)').fill('05 56 00 00 00');
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await statusText(page, `La fiche du lieu « ${name} » est enregistrée.`);
    expect((await (await loginAs(app.testApp, DEMO.placeAgent)).get(`/api/places/${placeId}`).expect(200)).body.telephone).toBe(
      '+33556000000',
    );

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
