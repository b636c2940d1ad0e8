// One app: every journey is part of the one Yew application, with its state held
// above the page switch. In one page, a person goes school → Community budgets → follow the
// child → rate card → school: each click and keystroke acts on the journey shown, and each
// journey's state is still there on coming back. A rate-card edit changes the school
// workspace's figures without a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, restHere, screenshot, useSiteAndBrowser } from './helpers.mjs';
import { openWorkspace, pageTotals } from './school-helpers.mjs';

const env = useSiteAndBrowser();

const nav = (page, name) => page.locator('nav[aria-label="Journeys"]').getByRole('link', { name, exact: true }).click();

test('each journey keeps its state across navigation, and input acts on the journey shown', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openWorkspace(page, env.site);
  await restHere(page);
  // The school: a name typed into the example school's workspace.
  await page.fill('#school-name', 'Navigation Test School');
  await page.press('#school-name', 'Tab');
  const schoolTotals = await pageTotals(page);
  assert.ok(Object.keys(schoolTotals.years).length >= 5, 'the school shows its totals');

  // Community budgets: a pot typed in.
  await nav(page, 'Community budgets');
  await page.locator('#pot-2026').waitFor({ timeout: 60_000 });
  await page.fill('#pot-2026', '61,234,567');
  await page.press('#pot-2026', 'Tab');
  await page.locator('#filter').fill('community 1');
  const communityRows = await page.locator('#community-table tbody tr').count();
  assert.ok(communityRows < 50 && communityRows > 0, `the filter acts: ${communityRows} rows`);

  // Follow the child: a band and a current top-up.
  await nav(page, 'How funding follows the child');
  await page.locator('#band-SA4').check();
  await page.locator('#current').fill('4321');
  await page.locator('#current').press('Tab');
  await page.locator('#follow-results').waitFor();

  // Rate card: a value typed that the engine does not accept yet (kept as a draft, with its error).
  await nav(page, 'Rate card');
  const rate = page.locator('tr[data-param="bands[5].rate"] input[type="text"]');
  await rate.fill('not money');
  await rate.press('Tab');
  await page.locator('tr[data-param="bands[5].rate"] .govuk-error-message').waitFor();

  // Back to each: everything is as it was left.
  await nav(page, 'School workspace');
  await page.locator('#school-name').waitFor();
  assert.equal(await page.inputValue('#school-name'), 'Navigation Test School');
  assert.deepEqual(await pageTotals(page), schoolTotals);

  await nav(page, 'Community budgets');
  await page.locator('#pot-2026').waitFor();
  assert.equal(await page.inputValue('#pot-2026'), '61,234,567');
  assert.equal(await page.inputValue('#filter'), 'community 1');
  assert.equal(await page.locator('#community-table tbody tr').count(), communityRows);

  await nav(page, 'How funding follows the child');
  await page.locator('#follow-results').waitFor();
  assert.ok(await page.locator('#band-SA4').isChecked());
  assert.equal(await page.inputValue('#current'), '4321');

  await nav(page, 'Rate card');
  await page.locator('#section-bands').waitFor();
  assert.equal(await rate.inputValue(), 'not money');
  assert.ok(await page.locator('tr[data-param="bands[5].rate"] .govuk-error-message').isVisible());

  // One app: one WebAssembly module of the app was fetched (the spreadsheet module aside):
  // whole, or as the first route's entry and its rest (a split build, scripts/split-wasm.mjs).
  const wasm = log.responses.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.wasm') && !p.includes('/xlsx/'));
  assertOneModule(wasm);
  assert.deepEqual(log.pageErrors, []);
  await screenshot(page, 'one-app-rate-card-draft');
  await context.close();
});

/** The app's wasm files fetched: the one module whole, or one route's entry and its rest. */
function assertOneModule(paths) {
  const names = paths.map((p) => p.split('/').pop());
  if (names.length === 1) return assert.match(names[0], /^kent-sen-funding-web_bg-[0-9a-f]{16}\.wasm$/);
  const entry = names.map((n) => n.match(/^kent-sen-funding-web-([a-z]+)-[0-9a-f]{16}\.wasm$/)).find(Boolean);
  assert.ok(entry, `a route's entry among ${names.join(', ')}`);
  const rest = new RegExp(`^kent-sen-funding-web-${entry[1]}-rest-[0-9a-f]{16}\\.wasm$`);
  assert.equal(names.length, 2, `one module, in two parts: ${names.join(', ')}`);
  assert.ok(names.some((n) => rest.test(n)), `the same route's rest among ${names.join(', ')}`);
}

test('a rate-card edit changes the school workspace figures without a reload', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openWorkspace(page, env.site);
  await restHere(page);
  const before = await pageTotals(page);
  const navigations = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations.push(f.url()); });

  await nav(page, 'Rate card');
  const rate = page.locator('tr[data-param="bands[5].rate"] input[type="text"]');
  await rate.waitFor();
  assert.equal(await rate.inputValue(), '10000');
  await rate.fill('12500');
  await rate.press('Tab');
  await page.locator('.app-card-status [data-card-modified]').waitFor();

  await nav(page, 'School workspace');
  await page.locator('#totals-ay').waitFor();
  await page.waitForFunction((b) => document.querySelector('#totals-ay tbody tr[data-ay="2027/28"] [data-figure=direct]')?.textContent.trim() !== b, before.years['2027/28'].direct);
  const after = await pageTotals(page);
  // The example school has an SA3 pupil: from the tariff year its top-up is higher.
  assert.ok(Number(after.years['2027/28'].direct) > Number(before.years['2027/28'].direct), `${after.years['2027/28'].direct} > ${before.years['2027/28'].direct}`);
  // Before the tariff year nothing changes.
  assert.equal(after.years['2024/25'].direct, before.years['2024/25'].direct);
  // No page load happened: only hash changes.
  assert.ok(navigations.every((u) => u.startsWith(env.site.baseUrl)), navigations.join(', '));
  assertOneModule(log.responses.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.wasm') && !p.includes('/xlsx/')));
  await context.close();
});
