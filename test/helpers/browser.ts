/**
 * Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download here). On CI a missing Chromium fails the run; on a developer machine it skips.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

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

/** A fresh browser context (no cookies) in French, Paris time, and its page; page errors are printed. */
export async function newFrenchPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    bypassCSP: true /* to inject axe-core */,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  return { context, page };
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
