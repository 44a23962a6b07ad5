/**
 * The ledger in Chromium against the real API and database: the funder reads the « Relevés » of its
 * closed demo programme and downloads both statements; the operator reads the ledger check and the
 * balances on « Comptabilité », records a refund (a too large one first, refused in French), and
 * the funder sees it. axe-core scans both screens, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

const CLOSED = 'Pass numérique Gironde 2025 (clos, démo)';

describeInBrowser('ledger in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function openClosedProgramme(): Promise<void> {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await page.getByRole('link', { name: CLOSED }).click();
    await page.getByRole('heading', { level: 2, name: 'Relevés' }).waitFor();
  }

  const statements = () => page.getByRole('region', { name: 'Relevés' });

  it('a funder reads its programme’s statements; the operator checks the ledger and records a refund', async () => {
    page = await app.signIn(DEMO.funderManager);
    await openClosedProgramme();
    await statements().getByText('Avoir restant à rembourser').waitFor();
    expect(await statements().textContent()).toContain('500,00\u202f€'); // 10 cancelled + 40 expired cheques of 10 €
    for (const name of [/relevé de commande/, /relevé de clôture/]) {
      const href = await statements().getByRole('link', { name }).getAttribute('href');
      const pdf = await app.context.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
    }
    await expectAccessible(page, 'programme statements');

    page = await app.signIn(DEMO.operatorAdmin);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Comptabilité' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptabilité' }).waitFor();
    await page.getByText('Tout concorde.').waitFor();
    await page
      .getByRole('region', { name: 'Soldes des comptes à cet instant' })
      .getByRole('rowheader', { name: 'Banque de l’opérateur' })
      .waitFor();
    await expectAccessible(page, 'accounting');

    await page.getByLabel('Programme').selectOption({ label: CLOSED });
    await page.getByLabel('Montant remboursé (en euros)').fill('600');
    await page.getByLabel('Date du virement').fill('2026-11-20');
    await page.getByLabel('Référence du virement').fill('VIR-AVOIR-2025');
    await page.getByRole('button', { name: 'Enregistrer le remboursement' }).click();
    await page.getByText('Ce montant dépasse ce qui reste à rembourser au financeur pour ce programme').first().waitFor();
    await expectAccessible(page, 'accounting, refund refused');
    await page.getByLabel('Montant remboursé (en euros)').fill('200');
    await page.getByRole('button', { name: 'Enregistrer le remboursement' }).click();
    await statusText(page, `Le remboursement de 200,00\u202f€ au financeur du programme « ${CLOSED} » est enregistré.`);
    await page.getByText('Tout concorde.').waitFor();

    page = await app.signIn(DEMO.funderManager);
    await openClosedProgramme();
    await statements().getByText('Déjà remboursé').waitFor();
    const text = (await statements().textContent()) ?? '';
    expect(text).toContain('300,00\u202f€'); // still owed
    expect(text).toContain('200,00\u202f€'); // refunded
  });
});
