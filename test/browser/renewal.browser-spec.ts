/**
 * Renewal of a qualification in Chromium, on the demo: the médiathèque's qualification ends in 20
 * days, so its mediator sees the banner (home, places, place page), asks for the renewal, finds
 * the answers pre-filled, attaches the earlier certificate again and sends it; the reviewer finds
 * the renewal and the places ending soon or expired in the review pipeline; the register shows a
 * lapse as « Qualification expirée ». axe-core scans each screen, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { addDays, addMonths, localDate } from '@app/domain';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

const MEDIATHEQUE = 'Médiathèque Flora Tristan';
const LAPSED = 'Tiers-lieu La Fabrique de Bègles';

describeInBrowser('renewal of a qualification in the browser', () => {
  const app = useBrowserApp();
  let page: Page;

  beforeAll(async () => {
    // The Bègles third place's qualification, decided a year ago, ended three days ago, unrenewed.
    const lastDay = addDays(localDate(new Date()), -3);
    const validFrom = addDays(addMonths(lastDay, -12), 1);
    const [place]: Array<{ id: string }> = await app.testApp.dataSource.query('SELECT id FROM places WHERE nom = $1', [LAPSED]);
    await app.testApp.dataSource.query(
      `UPDATE qualification_decisions SET valid_from = $2, valid_until = $3, decided_at = ($2::date + time '11:00') AT TIME ZONE 'Europe/Paris'
        WHERE place_id = $1 AND outcome = 'qualified'`,
      [place.id, validFrom, lastDay],
    );
    await app.testApp.dataSource.query('UPDATE places SET qualified_until = $2 WHERE id = $1', [place.id, lastDay]);
  });

  it('the mediator sees the banner and asks for the renewal, pre-filled, with the earlier evidence attached again', async () => {
    page = await app.signIn(DEMO.placeAgent);
    const banner = page.getByRole('region', { name: 'Qualifications à renouveler' });
    await banner.getByText(/La qualification de Médiathèque Flora Tristan se termine le .*, dans 20 jours\./).waitFor();
    await banner.getByText(/Tiers-lieu La Fabrique de Bègles a pris fin le/).waitFor();
    await banner.getByText('Votre demande de renouvellement est en cours d’examen par l’opérateur.').waitFor();
    await expectAccessible(page, 'home with the renewal banner');

    await page.goto('/lieux-geres');
    await page.getByRole('heading', { level: 1, name: 'Mes lieux' }).waitFor();
    await page.getByRole('region', { name: 'Qualifications à renouveler' }).waitFor();
    await expectAccessible(page, 'places with the renewal banner');

    const place = page.getByRole('row').filter({ hasText: MEDIATHEQUE });
    await place.getByRole('link', { name: MEDIATHEQUE, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: MEDIATHEQUE }).waitFor();
    await page
      .getByRole('region', { name: 'Qualification à renouveler' })
      .getByText(/dans 20 jours/)
      .waitFor();
    await expectAccessible(page, 'place page with the renewal banner');

    await page.getByRole('button', { name: `Demander le renouvellement de ${MEDIATHEQUE}` }).click();
    await page.getByRole('heading', { level: 1, name: `Demande de renouvellement — ${MEDIATHEQUE}` }).waitFor();
    await page.getByText(/^Renouvellement de la qualification valable jusqu’au/).waitFor();
    const mediator = page.getByRole('group', { name: 'Médiateur ou médiatrice numérique formé' });
    expect(await mediator.getByLabel('Votre réponse').inputValue()).toContain('Voir le dossier (démo)');
    await mediator.getByText('Évaluation à la dernière qualification').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'renewal application form');

    await mediator
      .getByRole('button', {
        name: 'Joindre à nouveau « attestation-formation-demo.pdf » au critère « Médiateur ou médiatrice numérique formé »',
      })
      .click();
    await statusText(page, 'Le fichier « attestation-formation-demo.pdf » de la dernière qualification est joint à nouveau');
    await mediator.getByRole('link', { name: 'attestation-formation-demo.pdf' }).waitFor();
    expect(await mediator.getByRole('button', { name: /^Joindre à nouveau/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Envoyer pour examen' }).click();
    await statusText(page, 'Votre demande est envoyée');
    await page
      .getByRole('region', { name: 'Qualification à renouveler' })
      .getByText('Votre demande de renouvellement est en cours d’examen par l’opérateur.')
      .waitFor();
    await expectAccessible(page, 'renewal sent');
  });

  it('the reviewer sees renewals, qualifications ending soon and those expired in the review pipeline', async () => {
    page = await app.signIn(DEMO.operatorReviewer);
    await page.goto('/qualification');
    await page.getByRole('heading', { level: 1, name: 'Qualification des lieux' }).waitFor();
    const queue = page.getByRole('table', { name: /à examiner/ });
    expect(await queue.getByRole('row').filter({ hasText: MEDIATHEQUE }).textContent()).toContain('Renouvellement');

    const ending = page.getByRole('table', { name: /à renouveler, la plus proche de sa fin en premier/ });
    const rows = ending.getByRole('row');
    expect(await rows.nth(1).textContent()).toMatch(
      /Médiathèque Flora Tristan.*dans 20 jours \(rappel des 30 jours\).*Envoyée, en attente d’examen/,
    );
    expect(await rows.nth(2).textContent()).toMatch(/Espace de vie sociale du Grand Parc.*dans 45 jours \(rappel des 60 jours\)/);
    const expired = page.getByRole('table', { name: /expirée, la plus récente en premier/ });
    expect(await expired.getByRole('row').nth(1).textContent()).toMatch(
      /Tiers-lieu La Fabrique de Bègles.*expirée depuis 3 jours.*Pas encore demandé/,
    );
    await expectAccessible(page, 'review pipeline with renewals');

    await queue.getByRole('link', { name: MEDIATHEQUE, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Examen de la demande' }).waitFor();
    await page
      .getByRole('region', { name: 'Dernière qualification' })
      .getByText(/Cette demande renouvelle la qualification accordée le/)
      .waitFor();
    await page
      .getByRole('region', { name: 'Médiateur ou médiatrice numérique formé' })
      .getByText('Évaluation à la dernière qualification')
      .waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'review of a renewal');
  });

  it('the public register shows the lapse', async () => {
    page = await app.signIn();
    await page.goto('/registre');
    const register = page.getByRole('table', { name: /Décisions, suspensions et expirations/ });
    const lapse = register.getByRole('row').filter({ hasText: LAPSED }).filter({ hasText: 'Qualification expirée' });
    await lapse.waitFor();
    expect(await register.getByRole('link', { name: LAPSED }).count()).toBe(0);
    await expectAccessible(page, 'register with a lapse');
  });
});
