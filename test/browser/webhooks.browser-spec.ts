/**
 * « Webhooks » in Chromium against the real API and database: the médiathèque's mediator reads
 * French explanations of a refused address, adds an endpoint and copies its key shown once, reads
 * the demo's delivery log and sends an abandoned event again. axe-core finds nothing, wide and at 360 px.
 */
import { describeInBrowser, expectAccessible, expectNoAxeViolationsAtBothWidths, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

describeInBrowser('webhooks (browser)', () => {
  const app = useBrowserApp();

  it('a place adds an endpoint, sees its key once, and sends an abandoned event again from the log', async () => {
    const page = await app.signIn(DEMO.placeAgent);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Logiciel de caisse de la médiathèque' }).waitFor();
    await expectNoAxeViolationsAtBothWidths(page, 'webhooks');

    await page.getByRole('textbox', { name: 'Adresse de réception' }).fill('ftp://caisse.exemple.fr/webhooks');
    await page.getByLabel('Nom', { exact: true }).fill('Outil de réservation');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByText('L’adresse doit commencer par https:// (connexion chiffrée).').first().waitFor();
    await page.getByText('Cochez au moins un événement.').first().waitFor();
    await expectAccessible(page, 'webhooks, adresse refusée');

    await page.getByRole('textbox', { name: 'Adresse de réception' }).fill('https://reservation.exemple.fr/webhooks');
    await page.getByRole('checkbox', { name: 'Un chèque est encaissé' }).check();
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: 'Adresse « Outil de réservation » ajoutée' }).waitFor();
    const secret = await page.getByLabel('Clé de signature').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhooks, clé affichée une fois');

    await page.getByRole('button', { name: 'Journal des envois de « Logiciel de caisse de la médiathèque »' }).click();
    const log = page.getByRole('table', { name: 'Journal des envois de « Logiciel de caisse de la médiathèque »' });
    await log.waitFor();
    const abandoned = log.getByRole('row').filter({ hasText: 'Abandonné' });
    expect(await abandoned.count()).toBe(1);
    await expect(abandoned.getByRole('cell').nth(2).textContent()).resolves.toContain('8 essais');
    await abandoned.getByRole('button', { name: /^Renvoyer/ }).click();
    await statusText(page, /L’envoi repart dans quelques secondes/);
    await log.getByRole('row').filter({ hasText: 'En attente' }).first().waitFor();
    await expectNoAxeViolationsAtBothWidths(page, 'webhooks, journal des envois');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Désactiver « Outil de réservation »' }).click();
    await statusText(page, "« Outil de réservation » est désactivé : plus rien n'est envoyé à cette adresse.");
  });
});
