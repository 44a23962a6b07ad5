/**
 * Funder refunds by transfer in Chromium against the real API and database (demo seed: the 2024
 * programme refunded by transfer, the 2025 one closed and still to refund, the Département's RIB
 * verified): the admin prepares the 2025 transfer, cannot approve it himself (four eyes, in French),
 * the reviewer approves it, the admin exports it and downloads its SEPA file; the funder reads its
 * bank details page and the refund on its programme's « Relevés ». axe-core at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

const CLOSED = 'Pass numérique Gironde 2025 (clos, démo)';
const REFUNDED = 'Pass numérique Gironde 2024 (clos et remboursé, démo)';

describeInBrowser('funder refunds in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function openPage(): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Remboursements aux financeurs', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Remboursements aux financeurs' }).waitFor();
  }

  const transfers = () => page.getByRole('region', { name: 'Virements de remboursement' });

  it('prepares, approves (another person), exports a refund transfer and gives its SEPA file', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await openPage();
    await transfers()
      .getByRole('row')
      .filter({ hasText: REFUNDED })
      .filter({ hasText: /Payé le/ })
      .waitFor();
    const due = page.getByRole('region', { name: 'Programmes clos à rembourser' }).getByRole('row').filter({ hasText: CLOSED });
    expect(await due.textContent()).toMatch(/À rembourser au plus tard le/);
    await expectAccessible(page, 'funder refunds page');

    await due.getByRole('button', { name: /Préparer le virement/ }).click();
    await statusText(page, /^Le virement RF-\d{4}-\d{5} de 500,00\u202f€ au financeur est préparé/);
    const row = transfers().getByRole('row').filter({ hasText: CLOSED });
    await row.getByText('Préparé : à approuver par un second membre de l’opérateur').waitFor();
    await row.getByRole('button', { name: /Approuver/ }).click();
    await page
      .getByText(/Une autre personne doit faire cette étape/)
      .first()
      .waitFor();
    await expectAccessible(page, 'funder refunds, four eyes refused');

    page = await app.signIn(DEMO.operatorReviewer);
    await openPage();
    await transfers()
      .getByRole('row')
      .filter({ hasText: CLOSED })
      .getByRole('button', { name: /Approuver/ })
      .click();
    await statusText(page, /est approuvé\.$/);
    expect(
      await transfers()
        .getByRole('link', { name: /Fichier SEPA/ })
        .count(),
    ).toBe(0);

    page = await app.signIn(DEMO.operatorAdmin);
    await openPage();
    await transfers()
      .getByRole('row')
      .filter({ hasText: CLOSED })
      .getByRole('button', { name: /Exporter pour la banque/ })
      .click();
    await statusText(page, /est exporté : téléchargez le fichier SEPA/);
    const exported = transfers().getByRole('row').filter({ hasText: CLOSED });
    await exported.getByText(/^Envoyé à la banque le/).waitFor();
    const href = await exported.getByRole('link', { name: /Fichier SEPA/ }).getAttribute('href');
    const sepa = await app.context.request.get(href!);
    expect(sepa.status()).toBe(200);
    expect(await sepa.text()).toContain('<EndToEndId>RF-');
    await expectAccessible(page, 'funder refunds, exported');
  });

  it('the funder enters its bank details on its own page and reads the refund on its programme', async () => {
    page = await app.signIn(DEMO.funderManager);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Coordonnées bancaires', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Coordonnées bancaires' }).waitFor();
    await page.getByText(/la valeur des chèques non utilisés \(l’avoir\) vous est remboursée par virement/).waitFor();
    await expectAccessible(page, 'funder bank details');

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await page.getByRole('link', { name: REFUNDED }).click();
    const statements = page.getByRole('region', { name: 'Relevés' });
    await statements.getByText(/^200,00\u202f€ versés le .* \(référence BQ-RF-\d{4}-\d{5}\)$/).waitFor();
    await expectAccessible(page, 'funder programme refunded');
  });
});
