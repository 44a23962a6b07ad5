/**
 * Settlement in Chromium against the real API and database (demo seed: the médiathèque's weekly
 * batches paid, a draft waiting): the reviewer cancels the draft (with a reason, after confirming) and a new one
 * takes its redemptions; the reviewer approves it (four eyes), the admin exports it and records
 * the bank's payment; a new batch for a month that has one opens it; the place reads its payments,
 * statements and, on its place's page, its payment delay; the funder sees what its cheques paid to places. axe-core at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { addDays, localDate, previousMonth } from '@app/domain';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import { createBatch, createPayee, databaseNow } from '../helpers/settlement';
import { DEMO, loginAs } from '../helpers/test-app';

const PAYEE = 'Médiathèque Flora Tristan (démo)';

describeInBrowser('settlement in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function openFromNav(link: string, heading: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** The draft batch of the demo, from the list. */
  async function openDraft(): Promise<void> {
    await openFromNav('Remboursements', 'Remboursements');
    await page.getByRole('row').filter({ hasText: 'Brouillon, à approuver' }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Lot RB-/ }).waitFor();
  }

  it('the demo centre social sees money to receive and in progress; the operator sees the same for that place', async () => {
    // The demo centre social: money to receive (with its day) and in progress, sent to the bank — never « Aucun remboursement ».
    page = await app.signIn('mediatrice@centre-social.example');
    await openFromNav('Mes remboursements', 'Mes remboursements');
    await page.getByRole('table', { name: 'À recevoir, par date de paiement prévue' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('table', { name: 'En cours' }).getByRole('row').filter({ hasText: 'Envoyé à la banque le' }).waitFor();
    expect(await page.getByText('Aucun remboursement').count()).toBe(0);
    await expectAccessible(page, 'centre social payments');
    await page.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(page, 'centre social payments, narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The operator sees the same parts for that place, from the line of its batch.
    page = await app.signIn(DEMO.operatorAdmin);
    await openFromNav('Remboursements', 'Remboursements');
    await page.getByRole('row').filter({ hasText: 'Exporté' }).first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Lot RB-/ }).waitFor();
    await page
      .getByRole('link', { name: /^Centres sociaux/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /^Remboursements de / }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^En cours — / }).waitFor();
    await expectAccessible(page, 'operator view of a place’s payments');
  });

  it('cancels the draft with a reason once confirmed; a new draft takes its redemptions', async () => {
    page = await app.signIn(DEMO.operatorReviewer);
    await openDraft();
    const reference = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').replace('Lot ', '');
    await page.getByLabel('Motif de l’annulation').fill('Un RIB a changé : lot à refaire');
    // Declining the confirmation changes nothing.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Annuler le lot' }).click();
    expect(asked).toContain(`Annuler le lot ${reference} ?`);
    await page.getByText('Brouillon, à approuver').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Annuler le lot' }).click();
    await statusText(page, 'Lot annulé');
    await page.getByText('Annulé avant l’export').waitFor();
    await page.getByText('Un RIB a changé : lot à refaire').waitFor();
    await page.getByRole('row').filter({ hasText: PAYEE }).filter({ hasText: 'Annulé avec son lot' }).waitFor();
    expect(await page.getByRole('button', { name: 'Approuver le lot' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Annuler le lot' }).count()).toBe(0);
    await expectAccessible(page, 'cancelled batch');

    // The admin prepares the batch again: the same redemptions, in a new draft.
    const operator = await loginAs(app.testApp, DEMO.operatorAdmin);
    const rebuilt = (await createBatch(operator, { cutOff: await databaseNow(app.testApp) }).expect(201)).body;
    expect(rebuilt.reference).not.toBe(reference);
  });

  it('the reviewer approves the draft, the admin exports it and records the payment', async () => {
    page = await app.signIn(DEMO.operatorAdmin);
    await openDraft();
    // Its creator cannot approve it.
    await page.getByText('Vous avez préparé ce lot').waitFor();
    expect(await page.getByRole('button', { name: 'Approuver le lot' }).count()).toBe(0);

    page = await app.signIn(DEMO.operatorReviewer);
    await openDraft();
    await page.getByRole('row').filter({ hasText: PAYEE }).waitFor();
    await expectAccessible(page, 'draft batch');
    await page.getByRole('button', { name: 'Approuver le lot' }).click();
    await statusText(page, 'Lot approuvé');

    page = await app.signIn(DEMO.operatorAdmin);
    await openFromNav('Remboursements', 'Remboursements');
    await page.getByRole('row').filter({ hasText: 'Approuvé, à exporter' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Exporter le lot' }).click();
    await statusText(page, 'Lot exporté');
    const sepa = await page.getByRole('link', { name: 'Fichier de virements SEPA (XML)' }).getAttribute('href');
    expect(sepa).toMatch(/^\/api\/settlement\/batches\/[0-9a-f-]{36}\/sepa\.xml$/);
    const xml = await page.evaluate(async (url) => (await fetch(url)).text(), sepa as string);
    expect(xml).toContain('<CstmrCdtTrfInitn>');
    await expectAccessible(page, 'exported batch with payment and rejection forms');

    await page.getByRole('button', { name: 'Marquer les virements payés' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor();
    await page.getByLabel('Référence bancaire').fill('VIR-TEST-0001');
    // The bank cannot have paid before the export nor in the future: each said in French on the date.
    const today = localDate(new Date());
    for (const [paidOn, problem] of [
      [addDays(today, -1), /^Date : La banque ne peut pas avoir payé avant l’export du lot/],
      [addDays(today, 1), /^Date : La date d’exécution ne peut pas être dans le futur/],
    ] as const) {
      await page.getByLabel('Date d’exécution').fill(paidOn);
      await page.getByRole('button', { name: 'Marquer les virements payés' }).click();
      await page.getByRole('alert').getByRole('link', { name: problem }).waitFor();
    }
    await expectAccessible(page, 'payment form with a refused date');
    await page.getByLabel('Date d’exécution').fill(today);
    await page.getByRole('button', { name: 'Marquer les virements payés' }).click();
    await statusText(page, 'marqué(s) payé(s)');
    await page.getByRole('row').filter({ hasText: PAYEE }).filter({ hasText: 'réf. VIR-TEST-0001' }).waitFor();
    await page.getByText('Payé', { exact: true }).first().waitFor();
  });

  it('opens the existing batch when the month asked for has one', async () => {
    // A place paid for help given last month: that month's batch, prepared first through the API.
    const month = previousMonth(new Date());
    const payee = await createPayee(app.testApp);
    const [code] = (await handedOutProgramme(app.testApp, { eligibleServices: [] })).codes;
    await redeem(payee.agent, [code], payee.serviceId).expect(201);
    await app.testApp.dataSource.query(
      'UPDATE redemptions SET recorded_at = $2::timestamptz, occurred_at = $2::timestamptz WHERE organisation_id = $1',
      [payee.organisationId, `${month}-15T10:00:00Z`],
    );
    const operator = await loginAs(app.testApp, DEMO.operatorAdmin);
    const existing = (await createBatch(operator, { month }).expect(201)).body;

    page = await app.signIn(DEMO.operatorAdmin);
    await openFromNav('Remboursements', 'Remboursements');
    await expectAccessible(page, 'batches');
    expect(await page.getByLabel('Mois à rembourser').inputValue()).toBe(month);
    await page.getByRole('button', { name: 'Préparer le lot' }).click();
    await page.getByRole('heading', { level: 1, name: `Lot ${existing.reference}` }).waitFor();
    await page.getByRole('row').filter({ hasText: payee.organisationName }).waitFor();
  });

  it('shows a place its payments with their statements, and a funder what its cheques paid', async () => {
    page = await app.signIn(DEMO.placeAgent);
    await openFromNav('Mes remboursements', 'Mes remboursements');
    await page.getByRole('table', { name: 'Payé' }).getByRole('row').nth(1).waitFor();
    const statement = await page
      .getByRole('link', { name: /^Relevé PDF/ })
      .first()
      .getAttribute('href');
    expect(statement).toMatch(/^\/api\/settlement\/lines\/[0-9a-f-]{36}\/statement\.pdf$/);
    const type = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), statement as string);
    expect(type).toBe('application/pdf');
    await expectAccessible(page, 'place payments');
    // The place's own page: how long the cheques redeemed there waited for their money.
    const [{ id }]: Array<{ id: string }> = await app.testApp.dataSource.query(
      "SELECT id FROM places WHERE nom = 'Médiathèque Flora Tristan'",
    );
    await page.goto(`/lieux-geres/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Médiathèque Flora Tristan' }).waitFor();
    await page.getByText(/^\d+ jours? en médiane, \d+ jours? au plus pour 95 % des encaissements$/).waitFor();
    await expectAccessible(page, 'place page with its payment delay');

    page = await app.signIn(DEMO.funderManager);
    await openFromNav('Paiements aux lieux', 'Paiements aux lieux');
    await page.getByRole('row').filter({ hasText: PAYEE }).first().waitFor();
    await expectAccessible(page, 'funder payments');
  });
});
