// Offline: after a first visit, the service worker has the whole built site in the browser's
// cache, so every journey works with the network cut (the server stopped and the browser
// offline), when the site is served from a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { siteFiles } from '../../scripts/sw.mjs';
import { DIST, SUB_PATH, newPage, openApp, screenshot, tariffCell, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser({ site: false });

test('the built service worker lists every file of the build', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const files = JSON.parse(sw.match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  assert.deepEqual(files, siteFiles(DIST));
  assert.ok(files.includes('index.html'));
  // Every script and wasm but sw.js is named by its content hash (scripts/hash-assets.mjs).
  // The app's module: whole, or (a release build, scripts/split-wasm.mjs) the school's entry and
  // rest; the other routes' pairs are cached when fetched.
  assert.ok(
    files.some((f) => /^kent-sen-funding-web_bg-[0-9a-f]{16}\.wasm$/.test(f)) ||
      (files.some((f) => /^kent-sen-funding-web-school-[0-9a-f]{16}\.wasm$/.test(f)) && files.some((f) => /^kent-sen-funding-web-school-rest-[0-9a-f]{16}\.wasm$/.test(f))),
    'the hashed wasm',
  );
  assert.ok(files.some((f) => /^xlsx\/xlsx_bg-[0-9a-f]{16}\.wasm$/.test(f)), 'the hashed spreadsheet module');
  for (const f of files.filter((f) => /\.(js|wasm)$/.test(f))) assert.match(f, /-[0-9a-f]{16}\.(js|wasm)$/, `${f} is named by its content hash`);
  assert.ok(files.some((f) => f.startsWith('ratecards/')));
  assert.match(sw, /const VERSION = "[0-9a-f]{20}";/);
});

test('after the first visit, every journey works with the network cut', async () => {
  // A server of its own, to stop.
  const site = await startServer({ root: DIST, prefix: SUB_PATH, port: 0 });
  const { context, page, log } = await newPage(env.browser, site);
  await openApp(page, site, '#/');
  // The worker is registered for the folder the site is served from, and takes control.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, site.baseUrl);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('kent-sen-funding ')));
    return (await cache.keys()).map((r) => r.url);
  });
  for (const f of siteFiles(DIST)) assert.ok(cached.includes(`${site.baseUrl}${f}`), `cached: ${f}`);

  // The network cut: the server stops and the browser goes offline.
  site.server.closeAllConnections();
  await site.close();
  await context.setOffline(true);
  assert.equal(await page.evaluate(() => fetch('./index.html', { cache: 'no-store', headers: { 'x-probe': '1' } }).then(() => 'ok', () => 'failed')), 'ok', 'the worker answers');

  await page.reload();
  await page.locator('.app-card-status [data-status="illustrative"]').waitFor();
  assert.equal(await tariffCell(page, 'SA3', 'special'), '£10,000.00');
  // Every journey, by its link and by a full load.
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'How funding follows the child' }).click();
  await page.locator('#follow-results').waitFor();
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Community budgets' }).click();
  await page.locator('#community-table').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#community-table tbody tr').count(), 50);
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Rate card' }).click();
  await page.locator('#section-bands').waitFor();
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'School workspace' }).click();
  await page.locator('#main h1').filter({ hasText: 'School workspace' }).waitFor();
  for (const [hash, ready] of [['#/follow-the-child?band=SA2&ehcp=yes', '#follow-results'], ['#/communities?year=2027%2F28', '#community-table[data-ay="2027/28"]'], ['#/rate-card', '#section-bands']]) {
    await page.goto(`${site.baseUrl}${hash}`);
    await page.reload();
    await page.locator(ready).waitFor();
  }
  await screenshot(page, 'offline-rate-card');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
