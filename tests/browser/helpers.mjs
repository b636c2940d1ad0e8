// Shared set-up of the browser tests: the built site served from a sub-path on 127.0.0.1,
// Debian's Chromium driven by playwright-core, and a log of everything the page did.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { rateCardUrl } from '../../scripts/size.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = resolve(REPO, process.env.DIST_DIR ?? 'dist');
export const ARTIFACTS = join(REPO, 'tests/browser/artifacts');
export const SUB_PATH = '/special-education-needs/funding-calculator/';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The rate card the app fetches at start (RATE_CARD_URL in web/src/lib.rs), relative to the page. */
export const RATE_CARD_URL = rateCardUrl();
export const SHIPPED_CARD_PATH = join(REPO, 'www', RATE_CARD_URL);

/** Every page of the app: its route, its heading, and whether it is still "coming soon". */
export const ROUTES = [
  { name: 'home', hash: '#/', heading: 'Element 3 funding for pupils with special educational needs' },
  { name: 'school', hash: '#/school', heading: 'School workspace', nav: 'School workspace' },
  { name: 'follow-the-child', hash: '#/follow-the-child', heading: 'How funding follows the child', nav: 'How funding follows the child' },
  { name: 'communities', hash: '#/communities', heading: 'Community budgets', nav: 'Community budgets' },
  { name: 'rate-card', hash: '#/rate-card', heading: 'Rate card', nav: 'Rate card' },
  { name: 'not-found', hash: '#/no-such-page', heading: 'Page not found' },
];

export const ILLUSTRATIVE_NOTICE = "Illustrative rates — not the council's decision";

export function shippedCard() {
  return JSON.parse(readFileSync(SHIPPED_CARD_PATH, 'utf8'));
}

export async function startSite() {
  return startServer({ root: DIST, prefix: SUB_PATH, port: 0 });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a new, empty profile directory.
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * The set-up of a file of browser tests: registers, with node:test, a `before` hook that starts
 * the built site (`startSite`) and Chromium (`launchBrowser`), and an `after` hook that closes
 * both, in the suite it is called in (the file, or a `describe`). Returns an object whose `site`
 * and `browser` are there once the `before` hook has run (`undefined` until then):
 *
 *     const env = useSiteAndBrowser();
 *     test('…', async () => { const { page } = await newPage(env.browser, env.site); … });
 *
 * `{ site: false }` launches only Chromium (a file that serves a site of its own), `{ browser:
 * false }` starts only the site (a file that launches Chromium on profiles of its own). Hooks run
 * in the order they are registered: an `after` of the file's own registered after this call runs
 * once the browser and the site are closed.
 */
export function useSiteAndBrowser({ site: withSite = true, browser: withBrowser = true } = {}) {
  let site;
  let browser;
  before(async () => {
    if (withSite) site = await startSite();
    if (withBrowser) browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get site() {
      return site;
    },
    get browser() {
      return browser;
    },
  };
}

/**
 * A new browser context and page on which every request is intercepted: requests to the test
 * server go through (or are answered by `fulfil(url)` when it returns a response), requests
 * to any other host are aborted and logged in `log.blocked`. Console errors, page errors and
 * Content-Security-Policy violations are logged too.
 */
export async function newPage(browser, site, { fulfil, viewport = { width: 1280, height: 900 }, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport, javaScriptEnabled });
  const log = { requests: [], responses: [], blocked: [], console: [], pageErrors: [], csp: [] };
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.hostname !== '127.0.0.1' || url.port !== String(site.port)) {
      log.blocked.push(request.url());
      return route.abort('blockedbyclient');
    }
    const answer = fulfil?.(url);
    if (answer) return route.fulfill(answer);
    return route.continue();
  });
  // Not subject to the page's CSP: a binding into this process, and a listener installed
  // before any of the page's own scripts run.
  await context.exposeBinding('__reportCsp', (_source, v) => log.csp.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('response', (r) => log.responses.push(r));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  return { context, page, log };
}

/** The name of a route's rest of the module, as deployed (scripts/split-wasm.mjs, hash-assets.mjs). */
export const REST_FILE = /-rest-[0-9a-f]{16}\.wasm$/;

/** Whether the page runs a split build (its loader counts the parts of the rest loaded at once). */
export async function isSplit(page) {
  return page.evaluate(() => Array.isArray(globalThis.__senSyncLoads));
}

/**
 * A slow connection for the rest of the module (scripts/split-wasm.mjs): each request for a
 * `-rest-` file is answered `ms` later. What the page does by itself while it waits (a timer,
 * say) must not need the rest.
 */
export async function holdBackRest(context, ms) {
  await context.route(REST_FILE, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    // (The page may have cancelled the request meanwhile.)
    return route.continue().catch(() => {});
  });
}

/**
 * Waits until the rest of the module has come, in a split build (at once otherwise). Acting
 * sooner can need a part of it at once, and a rest already on its way is then fetched a second
 * time: tests that count the module's files wait for it (first-load.test.mjs checks what the
 * page does by itself before then).
 */
export async function restHere(page) {
  await page.waitForFunction(() => globalThis.__senRestHere || !Array.isArray(globalThis.__senSyncLoads), null, { timeout: 60_000 });
}

/** Opens the app at `hash` and waits until the rate card has loaded (or failed). */
export async function openApp(page, site, hash = '#/') {
  await page.goto(`${site.baseUrl}${hash}`);
  await page.locator('.app-card-status [data-status]').waitFor({ timeout: 30_000 });
  await page.locator('#main h1').waitFor();
}

/** The text of the tariff table's cell for a band and a setting. */
export async function tariffCell(page, band, setting) {
  return (await page.locator(`#tariff-table tr[data-band="${band}"] td[data-setting="${setting}"]`).innerText()).trim();
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Any CSP complaint in the console, however Chromium words it. */
export function cspConsoleErrors(log) {
  return log.console.filter((m) => /content security policy|content-security-policy|refused to/i.test(m));
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The WCAG 2.2 A and AA rules of axe-core. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core (from node_modules, injected into the page) on the page as it is now: its
 *  WCAG 2.2 A/AA violations and how many rules passed. */
export async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not stop it.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })), passes: r.passes.length };
  }, WCAG_TAGS);
}

/** Violations as lines for an assertion message, with at most `maxNodes` elements each. */
export function formatViolations(violations, maxNodes = 5) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, maxNodes).join(', ')}`).join('\n');
}

/** Does `action` (a selector to click, or a function) and returns the file the page offered
 *  for download: its suggested name, its path and its bytes. */
export async function download(page, action) {
  const act = typeof action === 'string' ? () => page.locator(action).click() : action;
  const [dl] = await Promise.all([page.waitForEvent('download'), act()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), path, bytes: readFileSync(path) };
}
