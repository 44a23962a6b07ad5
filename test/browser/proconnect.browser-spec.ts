/**
 * « Se connecter avec ProConnect » in Chromium, against a real OpenID provider started here: the
 * button on /connexion, the round trip through the provider, the signed-in home; logout through the
 * provider's end-session page back to /connexion; the French message for an unknown person. axe-core
 * finds nothing on the sign-in page with and without the message.
 */
import type { Browser } from 'playwright-core';
import { freePort } from '../helpers/api-process';
import { describeInBrowser, expectAccessible, launchChromium, newFrenchPage } from '../helpers/browser';
import { proconnectEnv, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { DEMO, startTestApp, type TestApp } from '../helpers/test-app';

describeInBrowser('ProConnect sign-in (browser)', () => {
  let provider: TestOidcProvider;
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${baseUrl}/api/auth/proconnect/callback`,
      postLogoutRedirectUri: `${baseUrl}/connexion`,
      accounts: {
        mediator: { email: DEMO.placeAgent, emailVerified: true },
        stranger: { email: 'inconnu@example.org', emailVerified: true },
      },
    });
    testApp = await startTestApp({ listen: true, port, env: proconnectEnv(provider) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await provider?.close();
  });

  it('signs in through ProConnect and out of it', async () => {
    const { context, page } = await newFrenchPage(browser, testApp.baseUrl);
    try {
      await page.goto('/connexion');
      const button = page.getByRole('button', { name: 'Se connecter avec ProConnect' });
      await button.waitFor();
      await expectAccessible(page, 'connexion avec ProConnect');
      provider.signInAs('mediator');
      await button.click();
      await page.waitForURL(`${testApp.baseUrl}/`);
      await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();

      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      // The provider's own page asks to confirm its logout, then sends the browser back.
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.locator('button[autofocus], button[type="submit"]').first().click();
      await page.waitForURL(`${testApp.baseUrl}/connexion`);
      expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('tells an unknown person, in French, what to do', async () => {
    const { context, page } = await newFrenchPage(browser, testApp.baseUrl);
    try {
      await page.goto('/connexion');
      provider.signInAs('stranger');
      await page.getByRole('button', { name: 'Se connecter avec ProConnect' }).click();
      await page.waitForURL(`${testApp.baseUrl}/connexion?proconnect=unknown`);
      await page
        .getByRole('alert')
        .getByText(/ne correspond à aucun compte du Pass numérique/)
        .waitFor();
      await expectAccessible(page, 'connexion ProConnect refusée');
    } finally {
      await context.close();
    }
  });
});
