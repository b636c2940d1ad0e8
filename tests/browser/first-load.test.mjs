// The size of a first visit, measured as the browser sees it (issue 8): each route, with an
// empty cache, until it shows its figures. Issue 8's target is 350 KB gzipped: it is reported on
// every run (not met yet: one module holds every journey); what fails is the ceiling against
// growth (scripts/size.mjs).
// Also checks that scripts/size.mjs (which `make test` runs before the browser tests) counts
// every file the browser really fetched for the first page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_BYTES, CEILING_BYTES, firstLoadFiles, gzipSize } from '../../scripts/size.mjs';
import { ARTIFACTS, DIST, RATE_CARD_URL, SUB_PATH, launchBrowser, newPage, openApp } from './helpers.mjs';

let site;
let browser;
before(async () => {
  const { startSite } = await import('./helpers.mjs');
  site = await startSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

// Each route, and what shows that its figures are there (an engine figure, not a placeholder).
const ROUTE_FIGURES = [
  ['#/', '#tariff-table td[data-setting]'],
  ['#/school', '#results table td'],
  ['#/follow-the-child', '#follow-results td'],
  ['#/communities', '#community-table tbody tr td'],
  ['#/rate-card', '#section-bands input'],
];

const report = [];
after(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'first-load.json'), JSON.stringify({ target: BUDGET_BYTES, ceiling: CEILING_BYTES, routes: report }, null, 2));
});

for (const [hash, figure] of ROUTE_FIGURES) {
  test(`a first visit to ${hash}: what it transfers before its figures show (target ${BUDGET_BYTES / 1024} KB gzipped)`, async () => {
    const { context, page, log } = await newPage(browser, site);
    await openApp(page, site, hash);
    await page.locator(figure).first().waitFor({ timeout: 60_000 });
    // What was transferred until the figures showed (responses already received).
    const fetched = [];
    for (const response of [...log.responses]) {
      if (response.status() !== 200) continue;
      const url = new URL(response.url());
      const body = await response.body();
      fetched.push({ path: url.pathname.slice(SUB_PATH.length) || 'index.html', bytes: body.length, gzipped: gzipSize(body) });
    }
    const total = fetched.reduce((s, f) => s + f.gzipped, 0);
    report.push({ route: hash, requests: fetched.length, total, fetched });
    console.log(`# ${hash}: ${fetched.length} requests, ${total} bytes gzipped (${(total / 1024).toFixed(1)} KB; target ${BUDGET_BYTES / 1024} KB ${total <= BUDGET_BYTES ? 'met' : 'NOT met'})`);
    const paths = fetched.map((f) => f.path);
    assert.ok(paths.some((p) => p.endsWith('.wasm')), 'the wasm');
    assert.ok(paths.includes(RATE_CARD_URL), 'the rate card');
    // The spreadsheet module is not part of any first visit.
    assert.ok(!paths.some((p) => p.startsWith('xlsx/')), `no spreadsheet module in the first load: ${paths.join(', ')}`);
    // The static count of `make size` covers every file really fetched.
    const counted = new Set(firstLoadFiles(DIST));
    for (const p of paths) assert.ok(counted.has(p), `scripts/size.mjs counts ${p}`);
    assert.ok(total <= CEILING_BYTES, `${hash}: ${total} bytes gzipped exceeds the ceiling of ${CEILING_BYTES}`);
    await context.close();
  });
}
