/**
 * The funds coverage on the operator's home in Chromium against the real API and database: the demo's
 * ratio above 100 % with its parts; a balance entered by one operator admin is confirmed by the
 * other from the home page and the ratio drops below 100 %. axe-core scans both states, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { FundsCoverageService } from '@app/funds-coverage';
import { localDate } from '@app/domain';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';
import { userActorOf } from '../helpers/fixtures';
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

    const service = app.testApp.app.get(FundsCoverageService);
    const admin = await userActorOf(app.testApp, DEMO.operatorAdmin);
    const entered = await service.enterBalance(
      admin,
      { balanceCents: 10_000, balanceOn: localDate(new Date()), fileName: 'releve.pdf' },
      'application/pdf',
      demoPdf('Relevé (test)'),
    );
    await page.reload();
    // The one who entered it cannot confirm it: no button for them.
    await coverage().getByRole('heading', { name: 'Soldes à confirmer' }).waitFor();
    expect(await coverage().getByRole('button').count()).toBe(0);

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
