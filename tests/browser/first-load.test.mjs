// The size budget, measured as the browser sees it: everything fetched to show the first
// page, gzipped, at most 250 KB. Also checks that scripts/size.mjs (which `make test` runs
// before the browser tests) counts every file the browser really fetched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_BYTES, firstLoadFiles, gzipSize } from '../../scripts/size.mjs';
import { ARTIFACTS, DIST, RATE_CARD_URL, SUB_PATH, launchBrowser, newPage, openApp, startSite, tariffCell } from './helpers.mjs';

let site;
let browser;
before(async () => {
  site = await startSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test(`the first load is at most ${BUDGET_BYTES / 1024} KB gzipped`, async () => {
  const { context, page, log } = await newPage(browser, site);
  await openApp(page, site);
  assert.equal(await tariffCell(page, 'SA3', 'special'), '£10,000.00');
  await page.waitForLoadState('networkidle');
  const fetched = [];
  for (const response of log.responses) {
    const url = new URL(response.url());
    if (response.status() !== 200) continue;
    const body = await response.body();
    fetched.push({ path: url.pathname.slice(SUB_PATH.length), bytes: body.length, gzipped: gzipSize(body) });
  }
  const total = fetched.reduce((s, f) => s + f.gzipped, 0);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'first-load.json'), JSON.stringify({ total, budget: BUDGET_BYTES, fetched }, null, 2));
  console.log(`first load: ${fetched.length} requests, ${total} bytes gzipped (${(total / 1024).toFixed(1)} KB of ${BUDGET_BYTES / 1024} KB)`);
  for (const f of fetched) console.log(`  ${f.path || 'index.html'}: ${f.bytes} bytes, ${f.gzipped} gzipped`);

  // Everything came from the site, and the wasm, the loader and the rate card are among it.
  const paths = fetched.map((f) => f.path || 'index.html');
  assert.ok(paths.some((p) => p.endsWith('.wasm')), 'the wasm');
  assert.ok(paths.some((p) => p.endsWith('.js')), 'the JS loader');
  assert.ok(paths.includes(RATE_CARD_URL), 'the rate card');
  // The static count of `make size` / the budget check covers every file really fetched.
  const counted = new Set(firstLoadFiles(DIST));
  for (const p of paths) assert.ok(counted.has(p), `scripts/size.mjs counts ${p}`);
  assert.ok(total <= BUDGET_BYTES, `first load ${total} bytes gzipped exceeds the budget of ${BUDGET_BYTES}`);
  await context.close();
});
