/**
 * Anomaly holds in Chromium against the real API and database (demo seed: the médiathèque's evening
 * workshop, scanned after closing, is held): the médiathèque sees it « en vérification » with the
 * reason; the admin proposes to refuse it, cannot confirm it herself, the reviewer confirms; the
 * médiathèque then sees it refused with the reason. axe-core at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

describeInBrowser('anomaly holds in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function open(link: string, heading: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it('shows the place its redemption « en vérification », with the reason', async () => {
    page = await app.signIn(DEMO.placeAgent);
    await open('Mes remboursements', 'Mes remboursements');
    await page.getByRole('heading', { level: 2, name: /^En vérification/ }).waitFor();
    await page.getByRole('row').filter({ hasText: 'en dehors des horaires d’ouverture du lieu' }).waitFor();
    await expectAccessible(page, 'place payments with a held redemption');
  });

  it('refuses the held redemption with four eyes: proposed by the admin, confirmed by the reviewer', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await open('Vérifications', 'Encaissements en vérification');
    const hold = page.getByRole('region', { name: /^Médiathèque Flora Tristan/ });
    await hold.getByText('en dehors des horaires d’ouverture du lieu', { exact: false }).waitFor();
    await expectAccessible(page, 'holds page');

    // Refusing without a reason is refused before sending, on the field.
    await hold.getByLabel('Refuser (un second membre de l’opérateur confirmera)').check();
    await hold.getByRole('button', { name: /^Enregistrer la décision/ }).click();
    await hold.getByText('Indiquez le motif du refus : le lieu le verra.').first().waitFor();
    await expectAccessible(page, 'refusal without a reason');

    await hold.getByLabel(/^Motif du refus/).fill('Aucun atelier ce soir-là selon le planning de la médiathèque');
    await hold.getByRole('button', { name: /^Enregistrer la décision/ }).click();
    await statusText(page, /Le refus de l’encaissement de « Médiathèque Flora Tristan » est proposé/);
    await hold.getByText(/Refus proposé le/).waitFor();

    // The admin cannot confirm her own proposal.
    await hold.getByLabel('Confirmer le refus (second regard)').check();
    await hold.getByRole('button', { name: /^Enregistrer la décision/ }).click();
    await hold
      .getByText('Vous avez proposé ce refus : un autre membre de l’opérateur doit le confirmer (principe des quatre yeux).')
      .first()
      .waitFor();

    page = await app.signIn(DEMO.operatorReviewer);
    await open('Vérifications', 'Encaissements en vérification');
    const proposed = page.getByRole('region', { name: /^Médiathèque Flora Tristan/ });
    await proposed.getByLabel('Confirmer le refus (second regard)').check();
    await proposed.getByRole('button', { name: /^Enregistrer la décision/ }).click();
    await statusText(page, /est refusé : il ne sera pas payé et ses chèques sont annulés/);
    await page.getByText('Aucun encaissement en vérification pour le moment.').waitFor();
    await expectAccessible(page, 'holds page, all decided');

    page = await app.signIn(DEMO.placeAgent);
    await open('Mes remboursements', 'Mes remboursements');
    await page.getByRole('heading', { level: 2, name: /^Refusé après vérification/ }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Aucun atelier ce soir-là selon le planning de la médiathèque' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: /^En vérification/ }).count()).toBe(0);
    await expectAccessible(page, 'place payments with a refused redemption');
  });
});
