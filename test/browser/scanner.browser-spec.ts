/**
 * Redeeming cheques in Chromium against the real API and database: a cheque read by the camera
 * (a fake video of its QR code), two read by a USB hand scanner (keyboard wedge), a typed code with
 * a typing error caught before any request, the offline mode (page reloaded without network from
 * the service worker, cheques checked on the device, queued, synced: accepted and conflict), and the
 * history (filter, undo). axe-core on each state, wide and at 360 px.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashChequeCode, validityInWords } from '@app/domain';
import { describeInBrowser, expectNoAxeViolationsAtBothWidths, launchChromium, newFrenchPage } from '../helpers/browser';
import { writeQrVideo } from '../helpers/fake-camera';
import { handedOutProgramme, qrContentOf, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { PLACE_INPUT } from '../helpers/places';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const PASSWORD = 'pass-numerique-demo';
const PLACE = 'Médiathèque Flora Tristan';
const WORKSHOP = /^Atelier collectif « Premiers pas sur internet »/;
const SUPPORT = /^Accompagnement individuel aux démarches en ligne/;
const TWO_SESSIONS = /^Parcours « Mes démarches en ligne » \(2 séances\)/;

/** Set in sessionStorage, the page behaves like a browser whose WebCrypto has no Ed25519 (and says when it refused). */
const NO_WEBCRYPTO_ED25519 = 'test:no-webcrypto-ed25519';
const WITHOUT_WEBCRYPTO_ED25519 = `
  if (sessionStorage.getItem('${NO_WEBCRYPTO_ED25519}') === '1') {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    crypto.subtle.importKey = (format, key, algorithm, ...rest) => {
      if ((algorithm && algorithm.name) !== 'Ed25519') return importKey(format, key, algorithm, ...rest);
      window.webCryptoEd25519Refused = true;
      return Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'));
    };
  }`;

/** What the place sees of a code: its last group and check character. */
function masked(code: string): string {
  return `••••-••••-••••-${code.slice(12, 16)}-${code.slice(16)}`;
}

describeInBrowser('redeeming cheques in the browser', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  let codes: string[];
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    fixture = await redemptionFixture(testApp);
    codes = [...fixture.codes];
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const nextCode = (): string => {
    const code = codes.shift();
    if (!code) throw new Error('the fixture ran out of distributed cheques');
    return code;
  };

  async function signIn(on: Browser = browser): Promise<void> {
    await context?.close();
    ({ context, page } = await newFrenchPage(on, testApp.baseUrl));
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(DEMO.placeAgent);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
  }

  async function openScanner(service: RegExp): Promise<void> {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Encaisser' }).click();
    await page.getByRole('heading', { level: 1, name: 'Encaisser des chèques' }).waitFor();
    await page.getByLabel('Lieu', { exact: true }).selectOption({ label: PLACE });
    await page.getByRole('radio', { name: service }).check();
    await entry().waitFor();
  }

  const entry = () => page.getByLabel('Code du chèque ou QR code');
  const cheques = () => page.getByRole('list', { name: 'Chèques ajoutés' });
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
  /** Why the field refused what was scanned or typed. */
  const entryProblem = (text: string) => page.locator('#scanner-code-erreur').filter({ hasText: text });

  /** A USB hand scanner: the whole text typed fast into the focused field, then Enter. */
  async function wedge(text: string): Promise<void> {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  const expectNoAxeViolations = (where: string) => expectNoAxeViolationsAtBothWidths(page, where);

  async function chequeStatus(code: string): Promise<string> {
    const [row]: Array<{ status: string }> = await testApp.dataSource.query('SELECT status FROM cheques WHERE code_hash = $1', [
      hashChequeCode(code),
    ]);
    return row.status;
  }

  /** The active redemptions of a cheque, with how they were made. */
  async function redemptionsOf(code: string): Promise<Array<{ channel: string }>> {
    return testApp.dataSource.query(
      `SELECT r.channel FROM redemptions r JOIN redemption_cheques rc ON rc.redemption_id = r.id JOIN cheques c ON c.id = rc.cheque_id
        WHERE c.code_hash = $1 AND r.undone_at IS NULL`,
      [hashChequeCode(code)],
    );
  }

  it('reads a cheque with the camera and redeems it', async () => {
    const code = nextCode();
    const folder = mkdtempSync(join(tmpdir(), 'fake-camera-'));
    const video = join(folder, 'cheque.y4m');
    writeQrVideo(video, await qrContentOf(testApp, code));
    const withCamera = await launchChromium({
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      await signIn(withCamera);
      await context?.grantPermissions(['camera']);
      await openScanner(WORKSHOP);
      await expectNoAxeViolations('scanner ready');
      await page.getByRole('button', { name: 'Scanner avec la caméra' }).click();
      await page.getByText('Caméra active').waitFor();
      const item = cheques()
        .getByRole('listitem')
        .filter({ hasText: masked(code) });
      await item.filter({ hasText: 'Valable' }).waitFor();
      expect(await item.textContent()).toContain('10,00');
      await expectNoAxeViolations('camera on, cheque valid');
      await page.getByRole('button', { name: /^Encaisser 1 chèque \(10,00/ }).click();
      await status('Encaissement enregistré : 1 chèque, 10,00').waitFor();
      expect(await status('Encaissement enregistré').textContent()).toContain(masked(code));
      expect(await cheques().count()).toBe(0);
      await page.getByRole('button', { name: 'Arrêter la caméra' }).click();
      await expectNoAxeViolations('redeemed');
    } finally {
      await context?.close();
      context = undefined;
      await withCamera.close();
      rmSync(folder, { recursive: true, force: true });
    }
    expect(await chequeStatus(code)).toBe('redeemed');
    expect(await redemptionsOf(code)).toEqual([{ channel: 'online' }]);
  });

  it('takes two QR codes from a hand scanner (keyboard wedge) for a 2-cheque service', async () => {
    const [first, second] = [nextCode(), nextCode()];
    // A place of the organisation that is not qualified: explained, never offered.
    const placeAgent = await loginAs(testApp, DEMO.placeAgent);
    await placeAgent
      .post('/api/places')
      .send({ ...PLACE_INPUT, nom: 'Annexe pas encore qualifiée' })
      .expect(201);
    await signIn();
    await openScanner(TWO_SESSIONS);
    const offered = await page.getByLabel('Lieu', { exact: true }).locator('option').allTextContents();
    expect(offered).not.toContain('Annexe pas encore qualifiée');
    expect(offered.some((option) => /\(/.test(option))).toBe(false);
    await page.getByRole('listitem').filter({ hasText: 'Annexe pas encore qualifiée — pas encore qualifié' }).waitFor();
    await page.getByText('seul un lieu qualifié, et non suspendu, le peut.').waitFor();
    await entry().click();
    await wedge(await qrContentOf(testApp, first));
    await wedge(await qrContentOf(testApp, second));
    await cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(first) })
      .filter({ hasText: 'Valable' })
      .waitFor();
    await cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(second) })
      .filter({ hasText: 'Valable' })
      .waitFor();
    // One validity everywhere: the printed day, and the grace period, as the public check page says them.
    const { cheque } = (await testApp.anonymous().get(`/api/cheques/${first}/status`).expect(200)).body;
    expect(cheque.redeemableUntil > cheque.validUntil).toBe(true);
    expect(
      await cheques()
        .getByRole('listitem')
        .filter({ hasText: masked(first) })
        .textContent(),
    ).toContain(`${validityInWords(cheque)}`);
    expect(validityInWords(cheque)).toMatch(/^valable jusqu'au .* ; délai de grâce : les lieux l'acceptent encore jusqu'au /);
    // The focus never left the field: the next scan goes in.
    await page.locator('#scanner-code:focus').waitFor();
    expect(await entry().inputValue()).toBe('');
    // Scanning the same cheque again is refused at once.
    await wedge(await qrContentOf(testApp, first));
    await entryProblem('Ce chèque est déjà dans la liste.').waitFor();
    await page.getByRole('button', { name: /^Encaisser 2 chèques \(20,00/ }).click();
    await status('Encaissement enregistré : 2 chèques, 20,00').waitFor();
    await page.locator('#scanner-code:focus').waitFor();
    expect([await chequeStatus(first), await chequeStatus(second)]).toEqual(['redeemed', 'redeemed']);

    // Used already: the exact reason, said in words.
    await wedge(await qrContentOf(testApp, first));
    const refused = cheques().getByRole('listitem').filter({ hasText: 'Refusé' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Ce chèque a déjà été utilisé le \d{1,2} \S+ \d{4}\./);
    await expectNoAxeViolations('cheque refused');
  });

  it('retries a redemption whose answer was lost with the same Idempotency-Key: redeemed once', async () => {
    const code = nextCode();
    await signIn();
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/redemptions', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (lost) return route.continue();
      // The server redeems, but the answer never reaches the browser.
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await openScanner(WORKSHOP);
    await entry().click();
    await wedge(await qrContentOf(testApp, code));
    await cheques().getByRole('listitem').filter({ hasText: 'Valable' }).waitFor();
    await page.getByRole('button', { name: /^Encaisser 1 chèque/ }).click();
    await page.getByRole('alert').filter({ hasText: "La connexion a été perdue pendant l'encaissement" }).waitFor();
    expect(await chequeStatus(code)).toBe('redeemed');
    await expectNoAxeViolations('answer lost');
    await page.getByRole('button', { name: "Réessayer l'encaissement" }).click();
    await status('Encaissement enregistré : 1 chèque, 10,00').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await redemptionsOf(code)).toEqual([{ channel: 'online' }]);
  });

  it('catches a typing error in a typed code before any request', async () => {
    const code = nextCode();
    const wrong = `${code.slice(0, 16)}${code[16] === '0' ? '1' : '0'}`;
    const format = (text: string) => text.replace(/^(.{4})(.{4})(.{4})(.{4})(.)$/, '$1-$2-$3-$4-$5');
    let verifications = 0;
    await signIn();
    page.on('request', (request) => {
      if (request.url().endsWith('/api/redemptions/verify')) verifications += 1;
    });
    await openScanner(SUPPORT);
    await entry().click();
    await page.keyboard.type(format(wrong).slice(0, 10));
    await page.getByText('caractères sur 17').waitFor();
    await page.keyboard.type(format(wrong).slice(10));
    await page.getByText('Erreur de saisie probable').waitFor();
    await expectNoAxeViolations('typing error shown while typing');
    await page.keyboard.press('Enter');
    await entryProblem('Ce code contient une erreur de saisie').waitFor();
    expect(await entry().getAttribute('aria-invalid')).toBe('true');
    expect(verifications).toBe(0);

    await entry().fill(format(code));
    await page.getByText('caractère de contrôle correct').waitFor();
    await page.keyboard.press('Enter');
    await cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(code) })
      .filter({ hasText: 'Valable' })
      .waitFor();
    expect(verifications).toBe(1);
    await page.getByRole('button', { name: `Retirer le chèque ${masked(code)}` }).click();
    expect(await cheques().count()).toBe(0);
    codes.push(code); // still unused
  });

  /** Reloads without network: the service worker serves the app, the device keeps the place's data. */
  async function reloadOffline(): Promise<void> {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Encaisser des chèques' }).waitFor();
    await page.getByText('Hors connexion', { exact: true }).waitFor();
    expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    await page.getByText('Cette page s’ouvre aussi sans connexion sur cet appareil.').waitFor();
  }

  it('works offline: checks on the device, queues, then syncs (accepted, and a conflict)', async () => {
    const [queued, redeemedMeanwhile] = [nextCode(), nextCode()];
    const lost = await handedOutProgramme(testApp, { eligibleServices: [] });
    const distributor = await loginAs(testApp, DEMO.distributorAgent);
    await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [lost.codes[0]], reason: 'Carnet perdu' })
      .expect((response) => expect([200, 201]).toContain(response.status));

    // The service worker is served as JavaScript from the root (its scope is then the whole app), with the list of what it keeps.
    const worker = await fetch(`${testApp.baseUrl}/sw.js`);
    expect(worker.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    const shell = (await (await fetch(`${testApp.baseUrl}/app-shell.json`)).json()) as { files: string[] };
    expect(shell.files).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/index-.+\.js$/)]));

    await signIn();
    await context!.addInitScript({ content: WITHOUT_WEBCRYPTO_ED25519 });
    await openScanner(WORKSHOP);
    await page.getByText('Prêt pour le mode hors connexion.').waitFor();

    await context!.setOffline(true);
    // Chromium's offline emulation can lag behind a reload on a loaded machine: the page then sees
    // itself online for an instant and a request leaves. No API request passes while offline here.
    await context!.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await reloadOffline();
    expect(await page.getByRole('radio', { name: WORKSHOP }).isChecked()).toBe(true);

    await entry().click();
    await wedge(await qrContentOf(testApp, lost.codes[0]));
    const cancelled = cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(lost.codes[0]) });
    await cancelled.filter({ hasText: 'Ce chèque a été annulé (carnet perdu ou volé)' }).waitFor();
    await wedge(queued);
    await cheques().getByText('Hors connexion, seul le QR code').waitFor();
    await page.getByRole('button', { name: `Retirer le chèque ${masked(queued)}` }).click();
    await page.getByRole('button', { name: `Retirer le chèque ${masked(lost.codes[0])}` }).click();

    await wedge(await qrContentOf(testApp, queued));
    const local = cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(queued) });
    await local.filter({ hasText: 'Valable' }).waitFor();
    expect(await local.textContent()).toContain('Vérifié sur cet appareil');
    await page.getByRole('button', { name: /^Encaisser hors connexion \(1 chèque, 10,00/ }).click();
    await status('Encaissement gardé sur cet appareil : 1 chèque').waitFor();
    // A browser whose WebCrypto lacks Ed25519 checks the signature with @noble/ed25519 (kept offline too).
    await page.evaluate(`sessionStorage.setItem('${NO_WEBCRYPTO_ED25519}', '1')`);
    await reloadOffline();
    await page.getByText('1 encaissement en attente (1 chèque sur 20 au plus).').waitFor();
    await entry().click();
    await wedge(await qrContentOf(testApp, redeemedMeanwhile));
    await cheques().getByRole('listitem').filter({ hasText: 'Valable' }).waitFor();
    expect(await page.evaluate('window.webCryptoEd25519Refused')).toBe(true);
    await page.getByRole('button', { name: /^Encaisser hors connexion/ }).click();
    await page.getByText('2 encaissements en attente (2 chèques sur 20 au plus).').waitFor();
    // The same cheque again on this device: refused, it is already in the queue.
    await wedge(await qrContentOf(testApp, queued));
    await cheques().getByText('Ce chèque a déjà été encaissé hors connexion sur cet appareil').waitFor();
    await expectNoAxeViolations('offline, two redemptions queued');
    expect(await chequeStatus(queued)).toBe('distributed');

    // Meanwhile the second cheque is redeemed elsewhere, online.
    await redeem(fixture.placeAgent, [redeemedMeanwhile], fixture.supportId).expect(201);
    await context!.unroute('**/api/**');
    await context!.setOffline(false);
    const reports = page.getByRole('list').filter({ has: page.locator('.sync-report') });
    await reports
      .getByRole('listitem')
      .filter({ hasText: 'Accepté' })
      .filter({ hasText: masked(queued) })
      .waitFor();
    const conflict = reports.getByRole('listitem').filter({ hasText: 'Conflit : chèque déjà utilisé' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Ce chèque a déjà été utilisé le \d{1,2} \S+ \d{4}\./);
    expect(await conflict.textContent()).toContain(masked(redeemedMeanwhile));
    await page.getByText('Aucun encaissement en attente.').waitFor();
    // The cheque refused on the device (already queued) is checked again by the API once synced.
    await cheques()
      .getByRole('listitem')
      .filter({ hasText: masked(queued) })
      .filter({ hasText: /Ce chèque a déjà été utilisé le / })
      .waitFor();
    expect(await cheques().textContent()).not.toContain('Vérifié sur cet appareil');
    await expectNoAxeViolations('synced: accepted and conflict');

    expect(await chequeStatus(queued)).toBe('redeemed');
    expect(await redemptionsOf(queued)).toEqual([{ channel: 'offline' }]);
    expect(await redemptionsOf(redeemedMeanwhile)).toEqual([{ channel: 'online' }]);
  });

  it('lists the redemptions with totals, filters them by service, and undoes one', async () => {
    const [workshop, support, settled] = [nextCode(), nextCode(), nextCode()];
    await redeem(fixture.placeAgent, [workshop], fixture.workshopId).expect(201);
    const toUndo = await redeem(fixture.placeAgent, [support], fixture.supportId).expect(201);
    await redeem(fixture.placeAgent, [settled], fixture.supportId).expect(201);
    // Settlement (its own feature) marks paid cheques "settled".
    await testApp.dataSource.query("UPDATE cheques SET status = 'settled' WHERE code_hash = $1", [hashChequeCode(settled)]);

    await signIn();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Encaissements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Encaissements' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: masked(workshop) })
      .waitFor();
    // The page opens on this month so far (Paris days), like the query here.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const all = (await fixture.placeAgent.get(`/api/redemptions?from=${today.slice(0, 8)}01&to=${today}`).expect(200)).body;
    await page.getByText(`${all.totals.redemptions} encaissements`).waitFor();
    await expectNoAxeViolations('history');

    await page.getByLabel('Lieu', { exact: true }).selectOption({ label: PLACE });
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Accompagnement individuel aux démarches en ligne' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: masked(support) })
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: masked(workshop) })
      .waitFor({ state: 'detached' });
    const csv = await page.getByRole('link', { name: 'Télécharger ces encaissements (CSV)' }).getAttribute('href');
    expect(csv).toMatch(/^\/api\/redemptions\/export\.csv\?placeId=[0-9a-f-]{36}&serviceEntryId=[0-9a-f-]{36}&from=\d{4}-\d{2}-01&to=/);

    const paid = page.getByRole('row').filter({ hasText: masked(settled) });
    expect(await paid.textContent()).toContain('Ne peut plus être annulé');
    expect(await paid.getByRole('button').count()).toBe(0);

    await page
      .getByRole('row')
      .filter({ hasText: masked(support) })
      .getByRole('button', { name: /^Annuler l'encaissement du/ })
      .click();
    await page.getByRole('heading', { level: 2, name: 'Annuler cet encaissement ?' }).waitFor();
    await page.getByLabel('Motif (facultatif)').fill('Mauvais service choisi.');
    await expectNoAxeViolations('undo confirmation');
    await page.getByRole('button', { name: "Confirmer l'annulation" }).click();
    await status('annulé : son chèque peut de nouveau être utilisé').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: masked(support) })
      .waitFor({ state: 'detached' });

    const [undone]: Array<{ undo_reason: string; undone_at: Date | null }> = await testApp.dataSource.query(
      'SELECT undo_reason, undone_at FROM redemptions WHERE id = $1',
      [toUndo.body.id],
    );
    expect(undone).toMatchObject({ undo_reason: 'Mauvais service choisi.', undone_at: expect.any(Date) });
    expect(await chequeStatus(support)).toBe('distributed');

    await page.getByLabel('Afficher aussi les encaissements annulés').check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const shown = page.getByRole('row').filter({ hasText: masked(support) });
    await shown.waitFor();
    expect(await shown.textContent()).toContain('Annulé le');
    await expectNoAxeViolations('history with undone');
  });
});
