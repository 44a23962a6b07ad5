/**
 * Import of places in Chromium against the real API and database: the operator sends a file that is
 * not a CSV (refused before sending), a CSV with semicolons (a file-level problem: it can only be
 * discarded), then a national-schema CSV with one good and one bad row: the report names the bad
 * row in French, the report CSV downloads, the import is applied, and the imported place is given to
 * its place organisation. axe-core scans each screen, wide and at 360 px.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

const EXAMPLE = readFileSync('test/fixtures/schemas/lieux-mediation-numerique.exemple-valide.csv', 'utf8');
const DEMO_PLACE_ORGANISATION = 'Médiathèque Flora Tristan (démo)';

/** The official example with one good row (renamed) and one with a 4-digit postcode. */
function csvWithABadRow(): Buffer {
  const [header, row] = EXAMPLE.trim().split(/\r?\n/);
  const good = row.replace('"structure-1"', '"navigateur-1"').replace('"Anonymal"', '"Anonymal importé"');
  const bad = row.replace('"structure-1"', '"navigateur-2"').replace('"51100"', '"5110"').replace('"43493312300029"', '"73282932000074"');
  return Buffer.from([header, good, bad].join('\n'));
}

describeInBrowser('import of places in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function upload(name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await page.getByLabel('Fichier CSV').setInputFiles({ name, mimeType, buffer });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  }

  it('checks a file, shows its report, applies it, and gives the imported place to its organisation', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Import de lieux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import de lieux' }).waitFor();
    await page.getByText('Aucun import pour le moment.').waitFor();
    await expectAccessible(page, 'import page');

    await upload('lieux.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    await page
      .getByRole('alert')
      .getByRole('link', { name: 'Fichier CSV : Le fichier doit être un CSV (nom se terminant par .csv).' })
      .waitFor();
    await expectAccessible(page, 'import page with an error');

    // Semicolons, as a French spreadsheet writes them: the whole file is refused, it can only be discarded.
    await upload(
      'lieux-tableur.csv',
      'application/vnd.ms-excel',
      Buffer.from(EXAMPLE.replace(/","/g, '";"').replace(/",/g, '";').replace(/,"/g, ';"')),
    );
    await page.getByRole('heading', { level: 1, name: 'Rapport d’import — lieux-tableur.csv' }).waitFor();
    await statusText(page, 'Aucun lieu n’est encore écrit');
    await page.getByText('Les colonnes doivent être séparées par des virgules (ce fichier utilise des « ; »).').waitFor();
    expect(await page.getByRole('button', { name: 'Appliquer l’import' }).count()).toBe(0);
    await expectAccessible(page, 'report of a file that cannot be imported');
    await page.getByRole('button', { name: 'Abandonner l’import' }).click();
    await statusText(page, 'L’import est abandonné');
    await page.getByText('Abandonné', { exact: true }).waitFor();

    // A national-schema file: one row to write, one refused and named.
    await page.getByRole('link', { name: 'Retour aux imports' }).click();
    await upload('lieux-marne.csv', 'text/csv', csvWithABadRow());
    await page.getByRole('heading', { level: 1, name: 'Rapport d’import — lieux-marne.csv' }).waitFor();
    const facts = await page.locator('.summary-list').textContent();
    expect(facts).toContain('Lignes de lieux2');
    expect(facts).toContain('Lignes valides, à écrire1');
    expect(facts).toContain('Lignes refusées1');
    const problems = page.getByRole('table', { name: '1 problème, par ligne du fichier' });
    expect(await problems.getByRole('row').nth(1).textContent()).toBe('3Code postal (code_postal)Saisissez les 5 chiffres du code postal.');
    const reportLink = page.getByRole('link', { name: /^Télécharger le rapport complet/ });
    const report = await app.context.request.get((await reportLink.getAttribute('href'))!);
    expect(report.status()).toBe(200);
    expect(await report.text()).toMatch(/"?3"?,"code_postal","must be 5 digits"/);
    await expectAccessible(page, 'report with a refused row');

    await page.getByRole('button', { name: 'Appliquer l’import' }).click();
    expect(await statusText(page, 'L’import est appliqué')).toContain('1 lieu créé, 0 lieu mis à jour');
    await page.getByText('Appliqué', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Appliquer l’import' }).count()).toBe(0);

    // The list of imports shows both; the imported place, managed by nobody, is given to its organisation.
    await page.getByRole('link', { name: 'Retour aux imports' }).click();
    const imports = page.getByRole('table', { name: /^2 imports/ });
    expect(await imports.getByRole('row').filter({ hasText: 'lieux-marne.csv' }).textContent()).toContain('1 créé');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Lieux gérés' }).click();
    await page.getByRole('link', { name: 'Anonymal importé', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anonymal importé' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Aucune (lieu importé)' }).waitFor();
    await expectAccessible(page, 'imported place');
    await page.getByLabel('Organisation qui gère le lieu').selectOption({ label: DEMO_PLACE_ORGANISATION });
    await page.getByRole('button', { name: 'Rattacher le lieu' }).click();
    await statusText(page, `Le lieu est rattaché à « ${DEMO_PLACE_ORGANISATION} »`);
    await page.getByRole('definition').filter({ hasText: DEMO_PLACE_ORGANISATION }).waitFor();
  });
});
