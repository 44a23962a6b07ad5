/**
 * Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download here). On CI a missing Chromium fails the run; on a developer machine it skips.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import { startTestApp, type TestApp } from './test-app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`Chromium is required on CI and is missing at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return false;
}

/** `describe` when Chromium is there, `describe.skip` (with a note) on a machine without it. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable()) {
    describe(name, body);
  } else {
    process.stderr.write(`skipping browser tests "${name}": no Chromium at ${CHROMIUM_PATH}\n`);
    describe.skip(name, body);
  }
}

/** `args`: more command-line switches (e.g. a fake camera). */
export function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root on CI needs --no-sandbox; the rest keeps Chromium from calling home on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns its violations, readable in a failure. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(async () => {
    // Runs in the page (no DOM types on the Node side of the project).
    const scope = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
    };
    const { axe, document } = scope;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
}

/**
 * A fresh browser (no cookies) in French and Paris time, where axe-core may be injected; signed in
 * as this person when an e-mail is given. Close the context when done.
 */
export async function openSignedIn(browser: Browser, baseURL: string, email?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', bypassCSP: true });
  const page = await context.newPage();
  if (email) {
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
  }
  return { context, page };
}

/** axe-core finds nothing on the page, wide and at 360 px, where nothing may scroll sideways either (tables scroll in their own box). */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = await axeViolations(page);
    expect({ where, width, violations }).toEqual({ where, width, violations: [] });
    const pageWidth = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect({ where, width, pageWidth }).toEqual({ where, width, pageWidth: width });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Waits for a live status message with this text and answers its whole text. */
export async function statusText(page: Page, text: string | RegExp): Promise<string> {
  const status = page.getByRole('status').filter({ hasText: text });
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

export interface BrowserApp {
  /** The seeded app, listening (available once the block's beforeAll has run). */
  readonly testApp: TestApp;
  /** The context and page of the last `signIn`. */
  readonly context: BrowserContext;
  readonly page: Page;
  /** A fresh browser (no cookies) signed in as this person; anonymous without an e-mail. */
  signIn(email?: string): Promise<Page>;
}

/**
 * For a describe block: the real app (its own database, the demo seed) and Chromium, started before
 * its tests and closed after them; page errors are written to stderr.
 */
export function useBrowserApp(): BrowserApp {
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let session: { context: BrowserContext; page: Page } | undefined;
  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await testApp?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser app starts in beforeAll');
    return value;
  };
  return {
    get testApp() {
      return started(testApp);
    },
    get context() {
      return started(session).context;
    },
    get page() {
      return started(session).page;
    },
    async signIn(email?: string): Promise<Page> {
      await session?.context.close();
      session = await openSignedIn(started(browser), started(testApp).baseUrl, email);
      session.page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
      return session.page;
    },
  };
}

/** A fresh browser context (no cookies) in French and Paris time, and its page; page errors are printed. */
export async function newFrenchPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const session = await openSignedIn(browser, baseURL);
  session.page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  return session;
}

/** No axe violation on the page as it is, wide and at 360 px (then back to wide). */
export async function expectNoAxeViolationsAtBothWidths(page: Page, where: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = await axeViolations(page);
    expect({ where, width, violations }).toEqual({ where, width, violations: [] });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
