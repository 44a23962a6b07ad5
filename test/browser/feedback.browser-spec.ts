/**
 * The beneficiaries' word in Chromium against the real API: the holder of a used cheque rates the
 * help on the cheque's public page (once; errors and confirmation said plainly), and the figures
 * show on the public place page, in the map's popup and on the operator's qualification screen —
 * or, under five answers, a sentence saying there are not enough yet. axe at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { hashChequeCode } from '@app/domain';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { qualifiedPlaceWithService, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs } from '../helpers/test-app';

const NEW_PLACE = 'Tiers-lieu des Chartrons (sans avis)';

describeInBrowser('beneficiary feedback and place ratings in the browser', () => {
  const app = useBrowserApp();
  let page: Page;
  let fixture: RedemptionFixture;
  let newPlaceId: string;
  /** Redeemed at the médiathèque, not rated yet. */
  let usedCodes: string[];
  let unusedCode: string;

  beforeAll(async () => {
    fixture = await redemptionFixture(app.testApp);
    usedCodes = fixture.codes.slice(0, 2);
    unusedCode = fixture.codes[2];
    for (const code of usedCodes) await redeem(fixture.placeAgent, [code], fixture.workshopId).expect(201);
    ({ placeId: newPlaceId } = await qualifiedPlaceWithService(app.testApp, fixture.placeAgent, { nom: NEW_PLACE }));
  });

  const feedbackRows = (code: string) =>
    app.testApp.dataSource.query(
      'SELECT f.rating, f.learned, f.solved, f.will_return FROM cheque_feedback f JOIN cheques c ON c.id = f.cheque_id WHERE c.code_hash = $1',
      [hashChequeCode(code)],
    );

  it('the holder of a used cheque rates the help once, with plain messages', async () => {
    page = await app.signIn();
    // A cheque not used yet: no invitation.
    await page.goto(`/c/${unusedCode}`);
    await page.getByRole('status').filter({ hasText: 'Chèque valable' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('heading', { name: 'Votre avis sur l’aide reçue' }).count()).toBe(0);

    await page.goto(`/c/${usedCodes[0]}`);
    const form = page.getByRole('region', { name: 'Votre avis sur l’aide reçue' });
    await form.waitFor();
    // A thank-you, not a refusal in red.
    expect(await page.getByRole('status').filter({ hasText: 'Chèque utilisé : merci !' }).textContent()).toContain(
      'Ce chèque a déjà servi à payer un accompagnement numérique.',
    );
    expect(await page.getByText('Chèque non utilisable').count()).toBe(0);
    expect(await page.locator('.verdict--refused').count()).toBe(0);
    expect(await form.textContent()).toContain('Votre réponse est anonyme');
    await expectAccessible(page, 'feedback form');

    // Nothing chosen: said at the top and next to the question, nothing sent.
    await form.getByRole('button', { name: 'Envoyer mon avis' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Votre satisfaction : Choisissez une réponse, de 1 (pas du tout) à 5 (très).');
    await expectAccessible(page, 'feedback form with an error');
    expect(await feedbackRows(usedCodes[0])).toEqual([]);

    await form.getByRole('radio', { name: '4 — Satisfait·e' }).check();
    await form.getByRole('checkbox', { name: 'Mon problème est réglé' }).check();
    await form.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await statusText(page, 'Merci ! Votre avis est enregistré.');
    expect(await form.count()).toBe(0);
    await expectAccessible(page, 'feedback sent');
    expect(await feedbackRows(usedCodes[0])).toEqual([{ rating: 4, learned: false, solved: true, will_return: false }]);

    // Once only: the same page no longer asks.
    await page.reload();
    await page.getByText('Un avis a déjà été donné avec ce chèque. Merci !').waitFor();
    expect(await page.getByRole('region', { name: 'Votre avis sur l’aide reçue' }).count()).toBe(0);
  });

  it('an answer sent meanwhile from another phone is explained, not counted twice', async () => {
    page = await app.signIn();
    await page.goto(`/c/${usedCodes[1]}`);
    const form = page.getByRole('region', { name: 'Votre avis sur l’aide reçue' });
    await form.waitFor();
    await app.testApp
      .anonymous()
      .post(`/api/cheques/${usedCodes[1]}/feedback`)
      .send({ rating: 5, learned: true, solved: true, willReturn: true })
      .expect(201);
    await form.getByRole('radio', { name: '2 — Peu satisfait·e' }).check();
    await form.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await statusText(page, 'Un avis a déjà été donné avec ce chèque. On ne peut répondre qu’une fois.');
    expect(await feedbackRows(usedCodes[1])).toEqual([{ rating: 5, learned: true, solved: true, will_return: true }]);
  });

  it('the place page and the map show the figures from five answers, and say when there are not enough', async () => {
    const ratings = (await app.testApp.anonymous().get(`/api/places/${fixture.placeId}/ratings`).expect(200)).body;
    expect(ratings.shown).toBe(true);
    const sentence = `${ratings.averageRating.toLocaleString('fr-FR')} sur 5 (${ratings.answers} avis)`;

    page = await app.signIn();
    await page.goto(`/lieux/${fixture.placeId}`);
    const section = page.getByRole('region', { name: 'Avis des personnes accompagnées' });
    await section.getByText(sentence).waitFor();
    expect(await section.textContent()).toContain(`Disent que leur problème est réglé${Math.round(ratings.solvedShare * 100)} %`);
    await expectAccessible(page, 'place page with ratings');

    await page.goto(`/lieux/${newPlaceId}`);
    await page
      .getByRole('region', { name: 'Avis des personnes accompagnées' })
      .getByText('Pas encore assez d’avis pour afficher une note (il en faut au moins 5).')
      .waitFor();
    await expectAccessible(page, 'place page without enough ratings');

    await page.goto(`/carte?q=${encodeURIComponent('Flora Tristan')}`);
    await page.getByRole('button', { name: 'Carte', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 lieu sur la carte' }).waitFor();
    await page.getByRole('button', { name: 'Médiathèque Flora Tristan' }).click();
    await page.locator('.leaflet-popup').getByText(sentence).waitFor();
    // Checked once shown: while it fades in, the popup's colours are blended with the map behind.
    await page.waitForFunction(() => {
      const popup = (globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector(
        '.leaflet-popup',
      );
      return (
        popup !== null &&
        (globalThis as unknown as { getComputedStyle(element: unknown): { opacity: string } }).getComputedStyle(popup).opacity === '1'
      );
    });
    await expectAccessible(page, 'map popup with ratings');
  });

  it('the operator reviewing a qualification sees the ratings of the place', async () => {
    const applications: Array<{ id: string; place_id: string }> = await app.testApp.dataSource.query(
      'SELECT id, place_id FROM qualification_applications WHERE place_id = ANY($1)',
      [[fixture.placeId, newPlaceId]],
    );
    const applicationOf = (placeId: string) => applications.find((row) => row.place_id === placeId)!.id;
    const ratings = (await app.testApp.anonymous().get(`/api/places/${fixture.placeId}/ratings`).expect(200)).body;

    page = await app.signIn(DEMO.operatorReviewer);
    await page.goto(`/qualification/${applicationOf(fixture.placeId)}`);
    const section = page.getByRole('region', { name: 'Avis des personnes accompagnées' });
    await section.getByText(`${ratings.averageRating.toLocaleString('fr-FR')} sur 5 (${ratings.answers} avis)`).waitFor();
    expect(await section.getByRole('listitem').allTextContents()).toEqual(
      ['Pas du tout satisfait·e', 'Peu satisfait·e', 'Moyennement satisfait·e', 'Satisfait·e', 'Très satisfait·e'].map(
        (label, index) => `${index + 1} — ${label} : ${ratings.distribution[index]}`,
      ),
    );
    await expectAccessible(page, 'qualification screen with ratings');

    await page.goto(`/qualification/${applicationOf(newPlaceId)}`);
    await page
      .getByRole('region', { name: 'Avis des personnes accompagnées' })
      .getByText('Pas encore assez d’avis pour afficher une note')
      .waitFor();
    // Signed-in people see the same figures as everybody: the API counts them for the public.
    const reviewer = await loginAs(app.testApp, DEMO.operatorReviewer);
    expect((await reviewer.get(`/api/places/${newPlaceId}/ratings`).expect(200)).body).toMatchObject({ answers: 0, shown: false });
  });
});
