/**
 * « Mot de passe oublié » in Chromium against the real API, database and a real SMTP server: from
 * /connexion to the e-mailed link, a new password, and signing in with it; then changing it while
 * signed in. axe-core finds nothing on each step, wide and at 360 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxWorker } from '@app/mail';
import { describeInBrowser, expectAccessible, launchChromium, newFrenchPage, statusText } from '../helpers/browser';
import { passwordLinkIn, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { DEMO, startTestApp, type TestApp } from '../helpers/test-app';

const NEW_PASSWORD = 'une phrase de passe toute neuve';

describeInBrowser('forgotten password (browser)', () => {
  let smtp: TestSmtpServer;
  let testApp: TestApp;
  let browser: Browser;
  let session: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await startTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
    await testApp.app.get(OutboxWorker).drain();
    smtp.received.length = 0;
    browser = await launchChromium();
    session = await newFrenchPage(browser, testApp.baseUrl);
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await testApp?.close();
    await smtp?.close();
  });

  it('asks the e-mail, sends the link, lets the person choose a password and sign in with it', async () => {
    const { page } = session;
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await expectAccessible(page, 'mot de passe oublié');

    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByRole('link', { name: /Ce champ est obligatoire/ }).waitFor();
    await expectAccessible(page, 'mot de passe oublié, adresse manquante');

    await page.getByLabel('Adresse e-mail').fill(DEMO.placeAgent);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    const sent = page.getByRole('heading', { level: 2, name: 'Vérifiez votre messagerie' });
    await sent.waitFor();
    expect(await sent.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await expectAccessible(page, 'lien envoyé');

    expect((await testApp.app.get(OutboxWorker).drain()).sent).toBe(1);
    const link = passwordLinkIn(smtp.received[0]);
    expect(link.url.startsWith(`${testApp.baseUrl}/mot-de-passe/`)).toBe(true);

    await page.goto(link.url);
    await page.getByRole('heading', { level: 1, name: 'Choisir un mot de passe' }).waitFor();
    await page.getByText(DEMO.placeAgent, { exact: false }).first().waitFor();
    await expectAccessible(page, 'choisir un mot de passe');

    await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
    await page.getByLabel('Confirmation du mot de passe').fill('autre chose que le premier');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('link', { name: /Les deux mots de passe ne sont pas identiques/ }).waitFor();
    await expectAccessible(page, 'choisir un mot de passe, confirmation différente');

    await page.getByLabel('Confirmation du mot de passe').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('heading', { level: 2, name: 'Votre mot de passe est enregistré' }).waitFor();
    await expectAccessible(page, 'mot de passe enregistré');

    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill(DEMO.placeAgent);
    await page.getByLabel('Mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();

    // The link is spent.
    await page.goto(link.url);
    await page.getByText('Ce lien est inconnu, déjà utilisé ou expiré.').waitFor();
  });

  it('changes the password while signed in, on « Mes sessions »', async () => {
    const { page } = session;
    await page.goto('/sessions');
    await page.getByRole('heading', { level: 2, name: 'Changer mon mot de passe' }).waitFor();
    await expectAccessible(page, 'mes sessions, changer mon mot de passe');
    await page.getByLabel('Mot de passe actuel').fill('pas le bon mot de passe');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('encore une autre phrase de passe');
    await page.getByLabel('Confirmation du nouveau mot de passe').fill('encore une autre phrase de passe');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('link', { name: /Ce mot de passe est incorrect/ }).waitFor();
    await expectAccessible(page, 'mot de passe actuel incorrect');
    await page.getByLabel('Mot de passe actuel').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    expect(await statusText(page, 'Votre mot de passe est changé')).toContain('Vos autres sessions ont été fermées');
  });
});
