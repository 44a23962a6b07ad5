/**
 * The funds coverage on the operator's home in Chromium against the real API and database: the demo's
 * ratio above 100 % with its parts; a balance entered with its PDF by one operator admin from the home
 * page's form (a wrong one withdrawn with a reason) is confirmed by the other and the ratio drops below 100 %. axe-core scans both states, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { FundsCoverageService } from '@app/funds-coverage';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

describeInBrowser('funds coverage in the browser', () => {
  const app = useBrowserApp();
  let page: Page;
  const coverage = () => page.getByRole('region', { name: 'Couverture des fonds' });

  it('shows the ratio and its parts; the second operator admin confirms a balance that falls short', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await coverage().getByText('Le solde confirmé du compte cantonné couvre tout ce que la plateforme doit.').waitFor();
    const text = (await coverage().textContent()) ?? '';
    expect(text).toMatch(/\d+,\d\d %/);
    for (const part of [
      'Solde confirmé du compte cantonné',
      'dont chèques financés encore utilisables',
      'dont encaissements pas encore remboursés aux lieux',
      'dont avoirs des financeurs pas encore reversés',
    ]) {
      expect(text).toContain(part);
    }
    await expectAccessible(page, 'operator home, covered');

    // Entered from the home page's form, with its statement as a PDF; a refused field says why.
    const form = page.getByRole('region', { name: 'Saisir un solde du compte cantonné' });
    await form.getByRole('button', { name: 'Enregistrer le solde' }).click();
    await form.getByText('Joignez le relevé bancaire en PDF.').first().waitFor();
    await expectAccessible(page, 'balance form refused');
    const enterBalance = async (euros: string, fileName: string): Promise<void> => {
      await form.getByLabel('Solde en fin de journée', { exact: true }).fill(euros);
      await form
        .getByLabel('Relevé bancaire (PDF)', { exact: true })
        .setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: demoPdf('Relevé (test)') });
      await form.getByRole('button', { name: 'Enregistrer le solde' }).click();
      await statusText(page, 'Solde enregistré : un autre administrateur de l’opérateur doit le confirmer pour qu’il compte.');
    };
    await enterBalance('100', 'releve.pdf');
    await enterBalance('999,99', 'releve-faux.pdf');
    // The one who entered them cannot confirm them: no button for that; a wrong one is withdrawn with a reason.
    await coverage().getByRole('heading', { name: 'Soldes à confirmer' }).waitFor();
    expect(
      await coverage()
        .getByRole('button', { name: /^Confirmer/ })
        .count(),
    ).toBe(0);
    page.once('dialog', (dialog) => void dialog.accept('Montant mal recopié'));
    await coverage().getByRole('button', { name: 'Retirer ce solde de 999,99\u202f€' }).click();
    await statusText(page, /^Solde retiré/);
    await coverage().getByRole('button', { name: 'Retirer ce solde de 999,99\u202f€' }).waitFor({ state: 'detached' });
    const service = app.testApp.app.get(FundsCoverageService);
    const [entered] = await service.awaitingConfirmation();
    expect(Number(entered.balanceCents)).toBe(10_000);

    page = await app.signIn(DEMO.operatorTreasurer);
    await coverage().getByRole('button', { name: 'Confirmer ce solde de 100,00\u202f€' }).click();
    await statusText(page, 'Solde confirmé : la couverture est recalculée.');
    await coverage()
      .getByText(/aucun nouveau programme ne peut être activé/)
      .waitFor();
    expect((await service.current()).balanceRecord?.id).toBe(entered.id);
    await expectAccessible(page, 'operator home, below');
  });
});
