/**
 * « Mes notifications » in Chromium against the real API and database: a place's mediator switches
 * payments off and keeps the rest, the choice survives a reload, essential messages are listed as
 * always sent; the demo funder viewer finds the choice the seed made; the operator has nothing to
 * choose. axe-core finds nothing, wide and at 360 px.
 */
import { expectAccessible, describeInBrowser, statusText, useBrowserApp } from '../helpers/browser';
import { DEMO, loginAs } from '../helpers/test-app';

describeInBrowser('notification preferences (browser)', () => {
  const app = useBrowserApp();

  it('a place switches payment e-mails off; the choice is kept; essential ones cannot be switched off', async () => {
    const page = await app.signIn(DEMO.placeAgent);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes notifications' }).waitFor();
    const payments = page.getByRole('checkbox', { name: 'Remboursements versés' });
    await payments.waitFor();
    expect(await payments.isChecked()).toBe(true);
    await page.getByRole('heading', { level: 2, name: 'Messages toujours envoyés' }).waitFor();
    await page.getByText('Virement rejeté par la banque', { exact: true }).waitFor();
    // Essential kinds have no box.
    expect(await page.getByRole('checkbox', { name: 'Virement rejeté par la banque' }).count()).toBe(0);
    await expectAccessible(page, 'mes notifications (lieu)');

    await payments.uncheck();
    await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await statusText(page, 'Vos choix sont enregistrés.');
    await expectAccessible(page, 'mes notifications, enregistré');

    await page.reload();
    await page.getByRole('checkbox', { name: 'Décisions de qualification' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Remboursements versés' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Décisions de qualification' }).isChecked()).toBe(true);
    const api = await loginAs(app.testApp, DEMO.placeAgent);
    const stored = (await api.get('/api/auth/notification-preferences').expect(200)).body.notifications as Array<{
      kind: string;
      enabled: boolean;
    }>;
    expect(stored.filter((preference) => !preference.enabled).map((preference) => preference.kind)).toEqual(['payment_sent']);
  });

  it('the demo funder viewer finds statements switched off; the operator has nothing to choose', async () => {
    const viewer = await app.signIn(DEMO.funderViewer);
    await viewer.goto('/mes-notifications');
    await viewer.getByRole('checkbox', { name: 'Relevés disponibles' }).waitFor();
    expect(await viewer.getByRole('checkbox', { name: 'Relevés disponibles' }).isChecked()).toBe(false);
    expect(await viewer.getByRole('checkbox', { name: 'Fin de validité des programmes' }).isChecked()).toBe(true);
    await expectAccessible(viewer, 'mes notifications (financeur)');

    const operator = await app.signIn(DEMO.operatorAdmin);
    await operator.goto('/mes-notifications');
    await operator.getByText('Votre rôle ne reçoit aucun message facultatif').waitFor();
    await expectAccessible(operator, 'mes notifications (opérateur)');
  });
});
