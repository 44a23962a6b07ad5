/**
 * Bank statements in Chromium against the real API and database (demo seed: a statement returned the
 * médiathèque's transfer, with bank fees and a funder's transfer left to look at): the admin imports a
 * camt.053 (valid against its XSD), imports it again (nothing changes), marks an entry handled with a
 * note; the reviewer reads the page without the import form. axe-core at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { localDate } from '@app/domain';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { validCamt053 } from '../helpers/bank-files';
import { DEMO } from '../helpers/test-app';

describeInBrowser('bank statements in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function openPage(): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Relevés bancaires', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Relevés bancaires' }).waitFor();
  }

  it('imports a statement, the same one again, and marks an entry handled with a note', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await openPage();
    await page.getByRole('row').filter({ hasText: 'Frais de tenue de compte' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'VIR DEPARTEMENT DE LA GIRONDE' }).waitFor();
    await expectAccessible(page, 'bank statements page');

    const today = localDate(new Date());
    const statement = validCamt053({
      messageId: 'RELEVE-NAVIGATEUR',
      answers: [
        {
          endToEndId: null,
          amountCents: 990,
          outcome: 'paid',
          bookingDate: today,
          bankReference: 'COMMISSION-42',
          information: 'Commission d’intervention',
        },
      ],
    });
    const file = { name: 'releve-navigateur.xml', mimeType: 'application/xml', buffer: Buffer.from(statement) };
    await page.getByLabel('Fichier de la banque', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await statusText(page, 'releve-navigateur.xml : 0 virement rapproché, 1 mouvement à examiner.');
    await page.getByRole('row').filter({ hasText: 'Commission d’intervention' }).waitFor();

    await page.getByLabel('Fichier de la banque', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await statusText(page, 'Ce fichier avait déjà été importé : rien n’a changé.');
    expect(await page.getByRole('row').filter({ hasText: 'Commission d’intervention' }).count()).toBe(1);

    const fees = page.getByRole('row').filter({ hasText: 'Frais de tenue de compte' });
    await fees.getByRole('textbox').fill('Frais passés en charge dans la comptabilité');
    await fees.getByRole('button', { name: 'Marquer comme traité' }).click();
    await page.getByRole('row').filter({ hasText: 'Frais de tenue de compte' }).waitFor({ state: 'detached' });
    await expectAccessible(page, 'after an entry is handled');

    // A file that is not a bank file: the reason, in French, on the field.
    await page
      .getByLabel('Fichier de la banque', { exact: true })
      .setInputFiles({ name: 'autre.xml', mimeType: 'application/xml', buffer: Buffer.from('<a/>') });
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await page.getByText('Le fichier n’a pas pu être importé.').first().waitFor();
    await expectAccessible(page, 'refused file');
  });

  it('the reviewer reads the entries to look at, without importing', async () => {
    page = await app.signIn(DEMO.operatorReviewer);
    await openPage();
    await page.getByRole('row').filter({ hasText: 'VIR DEPARTEMENT DE LA GIRONDE' }).waitFor();
    expect(await page.getByLabel('Fichier de la banque', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Marquer comme traité' }).count()).toBe(0);
  });
});
