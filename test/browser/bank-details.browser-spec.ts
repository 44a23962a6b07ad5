/**
 * Bank details in Chromium against the real API and database: a place agent changes its account
 * (a mistyped IBAN named in French), attaches the RIB; the operator downloads it, rejects with a
 * reason; the place agent sees the reason, sends corrected details and RIB; the operator verifies.
 * axe-core scans both screens, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';

const ORGANISATION = 'Médiathèque Flora Tristan (démo)';
const RIB = { name: 'rib-mediatheque.pdf', mimeType: 'application/pdf', buffer: demoPdf('RIB (test)') };

describeInBrowser('bank details in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  async function signIn(email: string): Promise<void> {
    page = await app.signIn(email);
  }

  const account = () => page.getByRole('region', { name: 'Compte actuel' });

  async function openBankDetails(): Promise<void> {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Coordonnées bancaires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Coordonnées bancaires' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Compte actuel' }).waitFor();
  }

  /** A new account from the place agent's form, then its RIB. */
  async function submitDetails(iban: string, bic: string, holder = 'Médiathèque Flora Tristan'): Promise<void> {
    await page.getByLabel('Titulaire du compte').fill(holder);
    await page.getByLabel('IBAN').fill(iban);
    await page.getByLabel('BIC').fill(bic);
    await page.getByRole('button', { name: 'Envoyer pour vérification' }).click();
  }

  async function attachRib(): Promise<void> {
    await page.getByLabel('Relevé d’identité bancaire (RIB) du compte').setInputFiles(RIB);
    await page.getByRole('button', { name: 'Joindre le RIB' }).click();
    await statusText(page, `Le RIB « ${RIB.name} » est joint`);
  }

  /** The operator decides on the organisation's pending details. */
  async function review(verdict: RegExp, note = ''): Promise<void> {
    const panel = page.getByRole('region', { name: ORGANISATION });
    await panel.getByRole('radio', { name: verdict }).check();
    if (note) await panel.getByLabel(/^Motif du refus/).fill(note);
    await panel.getByRole('button', { name: /^Enregistrer la décision/ }).click();
  }

  it('a place changes its account and attaches the RIB; the operator rejects, then verifies the corrected one', async () => {
    await signIn(DEMO.placeAgent);
    await openBankDetails();
    // The demo's account is verified; only its last characters show.
    await account().getByText('Vérifiées', { exact: true }).waitFor();
    await account().getByText('FR76 •••• •••• •••• •••• •••0 189').waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('30006000011234567890189');
    await expectAccessible(page, 'bank details, verified');

    await submitDetails('FR76 3000 6000 0112 3456 7890 188', 'PAS UN BIC');
    const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' });
    await summary
      .getByRole('link', {
        name: 'IBAN : L’IBAN contient une faute de frappe : sa clé de contrôle ne correspond pas. Recopiez-le depuis le RIB.',
      })
      .waitFor();
    await summary.getByRole('link', { name: /^BIC : Saisissez un BIC de 8 ou 11 caractères/ }).waitFor();
    expect(await page.locator('#banque-iban-erreur').textContent()).toContain('L’IBAN contient une faute de frappe');
    await expectAccessible(page, 'bank details form with errors');
    // A holder name the bank's file could not carry (emoji only) is refused, in French, on its field.
    await submitDetails('FR14 2004 1010 0505 0001 3M02 606', 'PSSTFRPPXXX', '🎉🎉');
    await summary
      .getByRole('link', { name: /^Titulaire du compte : Le nom du titulaire doit comporter au moins 2 lettres ou chiffres/ })
      .waitFor();
    expect(await page.locator('#banque-titulaire-erreur').textContent()).toContain('recopiez-le tel qu’il figure sur le RIB');

    await submitDetails('FR14 2004 1010 0505 0001 3M02 606', 'psstfrppxxx');
    await statusText(page, 'Vos coordonnées sont enregistrées');
    await account().getByText('En attente de vérification', { exact: true }).waitFor();
    await account().getByText('joignez le RIB de ce compte').waitFor();
    await page
      .getByRole('table', { name: /remplacées/ })
      .getByRole('row')
      .filter({ hasText: 'FR76' })
      .waitFor();
    // A file that is not a PDF, PNG or JPEG is refused before it is sent.
    await page
      .getByLabel('Relevé d’identité bancaire (RIB) du compte')
      .setInputFiles({ name: 'rib.txt', mimeType: 'text/plain', buffer: Buffer.from('RIB') });
    await page.getByRole('button', { name: 'Joindre le RIB' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'RIB : Le fichier doit être un PDF, un PNG ou un JPEG.' }).waitFor();
    await attachRib();
    await account().getByRole('link', { name: RIB.name }).waitFor();
    await expectAccessible(page, 'bank details awaiting verification');

    // The operator downloads the RIB and rejects the details, with a reason.
    await signIn(DEMO.operatorAdmin);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'RIB à vérifier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Coordonnées bancaires à vérifier' }).waitFor();
    const panel = page.getByRole('region', { name: ORGANISATION });
    await panel.getByText('FR14 2004 1010 0505 0001 3M02 606').waitFor();
    const download = await app.context.request.get((await panel.getByRole('link', { name: /^Télécharger le RIB/ }).getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(await download.body()).toEqual(RIB.buffer);
    await expectAccessible(page, 'bank details to verify');
    await review(/^Refuser/);
    await panel
      .getByRole('alert')
      .getByRole('link', { name: 'Motif du refus : Indiquez le motif du refus : il est communiqué au lieu.' })
      .waitFor();
    await expectAccessible(page, 'bank review with errors');
    await review(/^Refuser/, 'Le titulaire du RIB ne correspond pas.');
    await statusText(page, `Le compte de « ${ORGANISATION} » est refusé`);
    await page.getByText('Aucune coordonnée bancaire à vérifier pour le moment.').waitFor();

    // The place reads the reason and sends corrected details with their RIB; the operator verifies them.
    await signIn(DEMO.placeAgent);
    await openBankDetails();
    await account().getByText('Refusées', { exact: true }).waitFor();
    await account().getByText('Le titulaire du RIB ne correspond pas.').waitFor();
    await submitDetails('FR14 2004 1010 0505 0001 3M02 606', 'PSSTFRPPXXX');
    await statusText(page, 'Vos coordonnées sont enregistrées');
    await attachRib();

    await signIn(DEMO.operatorAdmin);
    await page.goto('/verification-rib');
    await review(/^Vérifier/);
    await statusText(page, `Le compte de « ${ORGANISATION} » est vérifié`);

    await signIn(DEMO.placeAgent);
    await openBankDetails();
    await account().getByText('Vérifiées', { exact: true }).waitFor();
    await account().getByText('FR14 •••• •••• •••• •••• •••2 606').waitFor();
  });
});
