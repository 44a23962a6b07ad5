/**
 * The funder dashboard, a distributor's expiry alert and the public open-data page in Chromium,
 * on the demo data (two programmes, hand-outs and redemptions over three months): figures, charts
 * with their tables, hidden small counts, CSV and PDF links; axe-core at both widths.
 */
import { describeInBrowser, expectAccessible, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

describeInBrowser('dashboards and open data in the browser', () => {
  const app = useBrowserApp();

  it('a funder reads its dashboard: figures, alert, charts and their tables, small counts hidden, CSV and PDF', async () => {
    const page = await app.signIn(DEMO.funderManager);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('heading', { name: 'Chiffres clés' }).waitFor();
    await page.getByText(/^Chiffres arrêtés le/).waitFor();
    const alert = page.getByRole('region', { name: 'Programmes bientôt terminés' });
    await alert.getByText(/Pass numérique Bordeaux Métropole 2026 \(démo\) se termine le/).waitFor();

    // The monthly chart is a picture of the table right after it.
    const months = page.getByRole('region', { name: 'Chèques par mois' });
    expect(await months.getByRole('img', { name: /^Graphique en barres : Chèques par mois/ }).count()).toBe(1);
    expect(await months.getByRole('table').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);

    // People by age band and situation: « secret » for fewer than five people and what would give them away, totals included.
    const profiles = page.getByRole('region', { name: /par tranche d'âge et situation/ });
    const cells = await profiles.locator('tbody td, tfoot td').allTextContents();
    expect(cells).toContain('secret');
    for (const cell of cells)
      expect(cell === 'secret' || Number(cell.replace(/\s/g, '')) === 0 || Number(cell.replace(/\s/g, '')) >= 5).toBe(true);
    expect(cells.some((cell) => Number(cell) >= 5)).toBe(true);
    // The rule, in French: whole months over, « secret ».
    const secrecy = page.getByRole('region', { name: 'Secret statistique' });
    await secrecy.getByText(/comptées sur des mois entiers et terminés/).waitFor();
    await secrecy.getByText(/« secret » remplace tout effectif de moins de 5 personnes/).waitFor();

    const csv = profiles.getByRole('link', { name: /Télécharger ce tableau \(CSV\)/ });
    expect(await csv.getAttribute('href')).toBe('/api/reporting/dashboard/profils.csv');
    const download = await page.request.get('/api/reporting/dashboard/profils.csv');
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const excel = profiles.getByRole('link', { name: /Version pour Excel en français : .*tranche d'âge/ });
    expect(await excel.getAttribute('href')).toBe('/api/reporting/dashboard/profils.csv?format=excel-fr');
    const excelDownload = await page.request.get('/api/reporting/dashboard/profils.csv?format=excel-fr');
    expect((await excelDownload.text()).split('\r\n')[0]).toMatch(/^\uFEFF"Tranche d'âge";/);

    await expectAccessible(page, 'dashboard (all programmes)');

    await page.getByLabel('Programme', { exact: true }).selectOption({ label: 'Pass numérique Bordeaux Métropole 2026 (démo)' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    const pdf = page.getByRole('link', { name: 'Synthèse imprimable de ce programme (PDF)' });
    await pdf.waitFor();
    const response = await page.request.get((await pdf.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await expectAccessible(page, 'dashboard (one programme)');
  });

  it('the operator reads the dashboard across funders, with places’ activity and the qualification pipeline', async () => {
    const page = await app.signIn(DEMO.operatorAdmin);
    await page.goto('/tableau-de-bord');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const activity = page.getByRole('region', { name: 'Activité des lieux qualifiés' });
    await activity.getByRole('row', { name: /Centre social de Pessac Saige/ }).waitFor();
    expect(await activity.getByRole('columnheader').allTextContents()).toEqual([
      'Lieu',
      'Commune',
      'État',
      "Qualifié jusqu'au",
      'Chèques utilisés',
      'Montant (€)',
      'Dernier encaissement',
    ]);
    const pipeline = page.getByRole('region', { name: 'Qualification des lieux' });
    expect(await pipeline.locator('tbody th').allTextContents()).toContain('Lieux qualifiés');
    // The chart of places is drawn from the rows of its table.
    const places = page.getByRole('region', { name: 'Chèques utilisés par lieu' });
    expect(await places.getByRole('img', { name: /^Graphique en barres : Chèques utilisés par lieu/ }).count()).toBe(1);
    expect(await places.getByRole('table').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(
      await page.getByRole('link', { name: /Télécharger ce tableau \(CSV\) : Activité des lieux qualifiés/ }).getAttribute('href'),
    ).toBe('/api/reporting/dashboard/activite-lieux.csv');
    // How long places wait for their money: a key figure, then p50 and p95 per département and overall (the demo's places are paid).
    await page.getByText(/^\d+ j délai médian de paiement des lieux \(\d+ j pour 95 % des encaissements payés\)$/).waitFor();
    const delays = page.getByRole('region', { name: 'Délai de paiement des lieux, par département du lieu' });
    expect(await delays.getByRole('columnheader').allTextContents()).toEqual([
      'Département du lieu',
      'Encaissements payés',
      'Délai médian',
      'Délai pour 95 %',
    ]);
    expect(await delays.locator('tbody th').allTextContents()).toContain('33');
    const overall = await delays.locator('tfoot tr').first().locator('th, td').allTextContents();
    expect(overall[0]).toBe('Ensemble');
    expect(overall.slice(2)).toEqual([expect.stringMatching(/^\d+ j$/), expect.stringMatching(/^\d+ j$/)]);
    expect(
      await page.getByRole('link', { name: /Télécharger ce tableau \(CSV\) : Délai de paiement des lieux/ }).getAttribute('href'),
    ).toBe('/api/reporting/dashboard/delais-paiement.csv');
    await expectAccessible(page, 'operator dashboard');
  });

  it('a funder reads the usage funnel: key figures, the funnel chart and table, by distributor with stuck booklets, by age under secrecy, CSV', async () => {
    const page = await app.signIn(DEMO.funderManager);
    await page.goto('/tableau-de-bord');
    const figures = page.getByRole('region', { name: 'De la remise à l’utilisation' });
    await figures.getByText(/de la valeur remise déjà utilisée/).waitFor();
    await figures.getByText(/il y a 30 jours ou plus et jamais utilisés/).waitFor();
    const funnel = page.getByRole('region', { name: 'Entonnoir d’utilisation des carnets' });
    expect(await funnel.getByRole('img', { name: /^Graphique en barres : Entonnoir d’utilisation des carnets/ }).count()).toBe(1);
    expect(await funnel.locator('tbody th').allTextContents()).toEqual([
      'Carnets achetés',
      'Carnets attribués aux structures',
      'Carnets remis à des personnes',
      'Premier chèque utilisé',
      'Carnets entièrement utilisés',
      'Carnets expirés (chèques non utilisés)',
    ]);
    const handedOut = Number(
      (await funnel
        .getByRole('row', { name: /^Carnets remis à des personnes/ })
        .locator('td')
        .first()
        .textContent())!.replace(/\s/g, ''),
    );
    expect(handedOut).toBeGreaterThan(50);
    const distributors = page.getByRole('region', { name: 'Entonnoir par structure distributrice' });
    expect(await distributors.getByRole('columnheader').allTextContents()).toContain('Remis depuis 30 jours ou plus, jamais utilisés');
    const ages = page.getByRole('region', { name: "Entonnoir par tranche d'âge" });
    for (const cell of await ages.locator('tbody td').allTextContents()) {
      if (/%|j$|—/.test(cell)) continue;
      const value = Number(cell.replace(/\s/g, ''));
      expect(cell === 'secret' || value === 0 || value >= 5).toBe(true);
    }
    const excel = distributors.getByRole('link', { name: /Version pour Excel en français : Entonnoir par structure distributrice/ });
    expect(await excel.getAttribute('href')).toBe('/api/reporting/dashboard/entonnoir-distributeurs.csv?format=excel-fr');
    const download = await page.request.get('/api/reporting/dashboard/entonnoir-distributeurs.csv?format=excel-fr');
    expect((await download.text()).split('\r\n')[0]).toMatch(
      /^\uFEFF"Structure distributrice";"Remis depuis 30 jours ou plus, jamais utilisés";"Carnets achetés";/,
    );
    await expectAccessible(page, 'dashboard funnel');
  });

  it('a social worker reads, on its home, the funnel of its own structure’s booklets and what to do with stuck ones', async () => {
    // The MDS of the demo handed out the reporting programme's booklets over three months.
    const page = await app.signIn('agent@mds.example');
    const own = page.getByRole('region', { name: 'Vos carnets, de la remise à l’utilisation' });
    await own.getByText(/il y a 30 jours ou plus et jamais utilisés/).waitFor();
    await own.getByText(/rappelez les personnes/).waitFor();
    const funnel = own.getByRole('region', { name: 'Entonnoir d’utilisation des carnets' });
    expect(await funnel.getByRole('img', { name: /^Graphique en barres/ }).count()).toBe(1);
    // Its own: no table by structure, no booklet bought (the funder's order).
    expect(await own.getByRole('region', { name: 'Entonnoir par structure distributrice' }).count()).toBe(0);
    expect(await funnel.getByRole('row', { name: /^Carnets achetés 0/ }).count()).toBe(1);
    expect(await own.getByRole('link', { name: /Télécharger ce tableau \(CSV\) : Entonnoir par programme/ }).getAttribute('href')).toBe(
      '/api/reporting/funnel/entonnoir-programmes.csv',
    );
    await expectAccessible(page, 'distributor home funnel');
  });

  it('a distributor sees, with its stock, the booklets and cheques a programme’s end will make worthless', async () => {
    const page = await app.signIn('agent@mds.example');
    await page.goto('/carnets');
    const alert = page.getByRole('region', { name: 'Programmes bientôt terminés' });
    await alert.getByText(/carnets de votre stock encore à remettre/).waitFor();
    await expectAccessible(page, 'distributor stock with expiry alert');
  });

  it('anyone reads the open-data portal: three datasets, licence, schema and stable download links', async () => {
    const page = await app.signIn();
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Données ouvertes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Données ouvertes' }).waitFor();
    for (const title of [
      'Lieux de médiation numérique qualifiés',
      'Registre des décisions de qualification',
      'Usage des Pass numériques par mois, territoire et catégorie de service',
    ]) {
      await page.getByRole('heading', { level: 2, name: title }).waitFor();
    }
    const usage = page.getByRole('region', { name: /^Usage des Pass numériques/ });
    expect(await usage.getByRole('link', { name: /^CSV/ }).getAttribute('href')).toBe('/api/open-data/usage.csv');
    expect(await usage.getByRole('link', { name: /^Schéma des données/ }).getAttribute('href')).toMatch(
      /\/api\/open-data\/usage\.schema\.json$/,
    );
    const csv = await page.request.get('/api/open-data/usage.csv');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('secret');
    await expectAccessible(page, 'open data portal');
  });
});
