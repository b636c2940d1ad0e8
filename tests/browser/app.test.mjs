// The app as a person uses it: figures computed by the engine in wasm, the rate card's
// status on every page, navigation, focus, errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ILLUSTRATIVE_NOTICE, RATE_CARD_URL, ROUTES, SUB_PATH, newPage, openApp, screenshot, shippedCard, tariffCell,
  useSiteAndBrowser,
} from './helpers.mjs';

const env = useSiteAndBrowser();

/** Answers the rate card request with `card` (an object or raw text) instead of the file. */
const cardReplacedBy = (card, status = 200) => (url) =>
  url.pathname === `${SUB_PATH}${RATE_CARD_URL}`
    ? { status, contentType: 'application/json', body: typeof card === 'string' ? card : JSON.stringify(card) }
    : undefined;

describe('figures computed by the engine', () => {
  test('the home page shows each tariff band in each setting from the shipped rate card', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    assert.equal(await tariffCell(page, 'SA3', 'special'), '£10,000.00');
    assert.equal(await tariffCell(page, 'SA1', 'mainstream'), '£3,000.00');
    assert.equal(await tariffCell(page, 'SA2', 'srp'), '£6,000.00');
    assert.equal(await tariffCell(page, 'SA4', 'special'), '£15,000.00');
    assert.equal(await tariffCell(page, 'SA5', 'mainstream'), '£22,000.00');
    // Only the five tariff bands have a row; U, S and W have none.
    assert.deepEqual(
      await page.locator('#tariff-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.band)),
      ['SA1', 'SA2', 'SA3', 'SA4', 'SA5'],
    );
    // The column headers are the settings, so the cell is read as "SA3 in a special school".
    const headers = await page.locator('#tariff-table thead th').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim()), ['Band', 'Mainstream school', 'Specialist Resource Provision (SRP)', 'Special school']);
    assert.deepEqual(log.pageErrors, []);
    await screenshot(page, 'home-desktop');
    await context.close();
  });

  test('the figures are not in the static page: they come from the wasm app', async () => {
    const html = await (await fetch(env.site.baseUrl)).text();
    assert.match(html, /<div id="?app"?/);
    assert.ok(!html.includes('£10,000.00'), 'the static index.html must not contain the figure');
    assert.ok(!html.includes('10,000'), 'the static index.html must not contain the figure');
    // Without JavaScript (so without wasm) there is no figure and no tariff table.
    const { context, page } = await newPage(env.browser, env.site, { javaScriptEnabled: false });
    await page.goto(env.site.baseUrl);
    assert.equal(await page.locator('#tariff-table').count(), 0);
    assert.ok(!(await page.locator('body').innerText()).includes('£'));
    await context.close();
  });

  test('the figures follow the rate card: rate × setting factor (R3.1), core as context', async () => {
    const card = shippedCard();
    card.bands.find((b) => b.code === 'SA3').rate = 12345.66;
    card.setting_factors.special = 1.5;
    card.core.special = 10500;
    const { context, page, log } = await newPage(env.browser, env.site, { fulfil: cardReplacedBy(card) });
    await openApp(page, env.site, '#/follow-the-child');
    assert.equal(await tariffCell(page, 'SA3', 'mainstream'), '£12,345.66');
    assert.equal(await tariffCell(page, 'SA3', 'srp'), '£12,345.66');
    // 12,345.66 × 1.5 = 18,518.49 (R3.1).
    assert.equal(await tariffCell(page, 'SA3', 'special'), '£18,518.49');
    assert.equal(await tariffCell(page, 'SA2', 'special'), '£9,000.00');
    assert.equal((await page.locator('#core-table tr[data-setting="special"] td').last().innerText()).trim(), '£10,500.00');
    assert.equal((await page.locator('#core-table tr[data-setting="mainstream"] td').last().innerText()).trim(), '£6,000.00');
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
});

describe('the rate card status', () => {
  test('the illustrative notice is on every page', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    for (const route of ROUTES) {
      await page.goto(`${env.site.baseUrl}${route.hash}`);
      await page.locator('#main h1').filter({ hasText: route.heading }).waitFor();
      const notice = page.locator('.app-card-status [data-status="illustrative"]');
      await notice.waitFor();
      assert.ok((await notice.innerText()).includes(ILLUSTRATIVE_NOTICE), `notice on ${route.hash}`);
      assert.ok(await notice.isVisible(), `notice visible on ${route.hash}`);
    }
    await context.close();
  });

  test('an official rate card shows the official banner and no illustrative warning', async () => {
    const card = { ...shippedCard(), id: 'kent-official-2026', title: 'Kent — rates for 2026-27', status: 'official' };
    const { context, page } = await newPage(env.browser, env.site, { fulfil: cardReplacedBy(card) });
    await openApp(page, env.site);
    const banner = page.locator('.app-card-status [data-status="official"]');
    assert.ok((await banner.innerText()).includes('Kent — rates for 2026-27'));
    assert.equal(await page.getByText(ILLUSTRATIVE_NOTICE).count(), 0);
    assert.equal(await tariffCell(page, 'SA3', 'special'), '£10,000.00');
    await screenshot(page, 'official-card');
    await context.close();
  });

  test('an invalid rate card is refused with every error and its path, and no figures', async () => {
    const card = shippedCard();
    card.colour = 'red';
    card.bands.find((b) => b.code === 'SA2').rate = '10.005';
    const { context, page } = await newPage(env.browser, env.site, { fulfil: cardReplacedBy(card) });
    await openApp(page, env.site);
    const summary = page.locator('.app-card-status [data-status="failed"]');
    assert.equal(await summary.getAttribute('role'), 'alert');
    const items = (await summary.locator('li').allInnerTexts()).map((t) => t.trim());
    assert.ok(items.some((t) => t.startsWith('colour')), `an error for the unknown key "colour": ${items}`);
    assert.ok(items.some((t) => t.startsWith('bands[4].rate')), `an error for bands[4].rate: ${items}`);
    assert.equal(await page.locator('#tariff-table').count(), 0);
    await screenshot(page, 'invalid-card');
    await context.close();
  });

  test('a rate card that cannot be fetched is reported', async () => {
    const { context, page } = await newPage(env.browser, env.site, { fulfil: cardReplacedBy('not found', 404) });
    await openApp(page, env.site);
    const text = await page.locator('.app-card-status [data-status="failed"]').innerText();
    assert.match(text, /could not be fetched: the server answered 404/);
    assert.equal(await page.locator('#tariff-table').count(), 0);
    await context.close();
  });

  test('a rate card that is not JSON is reported', async () => {
    const { context, page } = await newPage(env.browser, env.site, { fulfil: cardReplacedBy('{"id": ') });
    await openApp(page, env.site);
    const items = await page.locator('.app-card-status [data-status="failed"] li').allInnerTexts();
    assert.ok(items.length >= 1);
    assert.equal(await page.locator('#tariff-table').count(), 0);
    await context.close();
  });
});

describe('navigation', () => {
  test('every journey is reachable from the navigation, with focus on its heading', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openApp(page, env.site);
    // On the first load focus stays where the browser puts it.
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BODY');
    for (const route of ROUTES.filter((r) => r.nav)) {
      await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: route.nav, exact: true }).click();
      await page.waitForFunction((h) => location.hash === h, route.hash);
      const h1 = page.locator('#main h1');
      assert.equal((await h1.innerText()).trim(), route.heading);
      assert.equal(await page.evaluate(() => document.activeElement.tagName + ':' + document.activeElement.textContent), `H1:${route.heading}`);
      assert.equal(await page.title(), `${route.heading} – Kent SEN funding calculator`);
      const current = page.locator('nav[aria-label="Journeys"] a[aria-current="page"]');
      assert.equal(await current.count(), 1);
      assert.equal((await current.innerText()).trim(), route.nav);
      // The page stays under its sub-path: hash routes only.
      assert.equal(new URL(page.url()).pathname, SUB_PATH);
    }
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#/communities');
    assert.equal((await page.locator('#main h1').innerText()).trim(), 'Community budgets');
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });

  test('the skip link is the first thing the keyboard reaches and moves focus to the main content', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openApp(page, env.site, '#/follow-the-child');
    await page.keyboard.press('Tab');
    const skip = page.locator('a.app-skip-link');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    assert.ok(await skip.isVisible(), 'visible when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    // The route is kept: the skip link does not change the address's fragment.
    assert.equal(await page.evaluate(() => location.hash), '#/follow-the-child');
    await context.close();
  });

  test('an unknown route says so and links home', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openApp(page, env.site, '#/no-such-page');
    assert.equal((await page.locator('#main h1').innerText()).trim(), 'Page not found');
    await page.getByRole('link', { name: 'Go to the start of the calculator' }).click();
    await page.locator('#tariff-table').waitFor();
    await context.close();
  });
});
