// The size of a first visit, measured as the browser sees it: each route, with an
// empty cache, until it shows its figures. The hard check: at most 350 KB gzipped, on
// every route. What is fetched after the figures show (the rest of the module,
// scripts/split-wasm.mjs) is not part of it, and is checked to arrive and to work.
// Also checks that scripts/size.mjs (which `make test` runs before the browser tests) counts
// every file the browser really fetched for the first page.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_BYTES, firstLoadFiles, gzipSize } from '../../scripts/size.mjs';
import { ROUTES, REST_HELD_MS } from '../../scripts/split-wasm.mjs';
import { ARTIFACTS, DIST, RATE_CARD_URL, REST_FILE, SUB_PATH, holdBackRest, isSplit, newPage, openApp, restHere, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

// Each route, and what shows that its figures are there (an engine figure, not a placeholder):
// the same as the split's profile waits for.
const ROUTE_FIGURES = ROUTES.map(([hash, , figure]) => [hash, figure]);

/** Where the first synchronous load of the rest came from (the loader keeps each one's stack:
 * the JavaScript frames at its foot say what started it — an event, a timer, a promise). */
async function firstStack(page) {
  const stack = await page.evaluate(() => globalThis.__senSyncStacks?.[0] ?? '');
  return stack ? `; the first one's stack:\n${stack}` : '';
}

const report = [];
after(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'first-load.json'), JSON.stringify({ budget: BUDGET_BYTES, routes: report }, null, 2));
});

for (const [hash, figure] of ROUTE_FIGURES) {
  test(`a first visit to ${hash}: at most ${BUDGET_BYTES / 1024} KB gzipped before its figures show`, async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    // The moment the figures are in the page (epoch ms, as Playwright times requests).
    await context.addInitScript((selector) => {
      const seen = () => {
        if (window.__figuresAt === undefined && document.querySelector(selector)) window.__figuresAt = performance.timeOrigin + performance.now();
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    }, figure);
    await openApp(page, env.site, hash);
    await page.locator(figure).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => window.__figuresAt !== undefined);
    const figuresAt = await page.evaluate(() => window.__figuresAt);
    // In a split build, nothing the first figures needed was missing from the route's entry
    // (web/split-record.txt): no part of the rest was loaded at once.
    const early = await page.evaluate(() => globalThis.__senSyncLoads?.slice() ?? []);
    assert.deepEqual(early, [], `${hash}: functions of the rest (table slots ${early.join(', ')}) were needed before the figures: the route's entry lacks them (record the split again: make split-record)${await firstStack(page)}`);
    // Nor after the figures, until the rest has come as it should: a synchronous load of the
    // rest blocks the page while it is fetched and compiled.
    if (await isSplit(page)) {
      await page.waitForFunction(() => globalThis.__senRestHere, null, { timeout: 60_000 });
      const late = await page.evaluate(() => globalThis.__senSyncLoads.slice());
      assert.deepEqual(late, [], `${hash}: functions of the rest (table slots ${late.join(', ')}) were needed after the figures but before the rest had come${await firstStack(page)}`);
    }
    // What was transferred until the figures showed: every response to a request made before.
    const fetched = [];
    const after = [];
    for (const response of [...log.responses]) {
      if (response.status() !== 200) continue;
      const url = new URL(response.url());
      const path = url.pathname.slice(SUB_PATH.length) || 'index.html';
      if (response.request().timing().startTime > figuresAt) {
        after.push(path);
        continue;
      }
      const body = await response.body();
      fetched.push({ path, bytes: body.length, gzipped: gzipSize(body) });
    }
    const total = fetched.reduce((s, f) => s + f.gzipped, 0);
    report.push({ route: hash, requests: fetched.length, total, fetched, after });
    console.log(`# ${hash}: ${fetched.length} requests, ${total} bytes gzipped (${(total / 1024).toFixed(1)} KB; budget ${BUDGET_BYTES / 1024} KB) before the figures; after: ${after.join(', ')}`);
    const paths = fetched.map((f) => f.path);
    assert.ok(paths.some((p) => p.endsWith('.wasm')), 'the wasm');
    assert.ok(paths.includes(RATE_CARD_URL), 'the rate card');
    // The spreadsheet module is not part of any first visit.
    assert.ok(!paths.some((p) => p.startsWith('xlsx/')), `no spreadsheet module in the first load: ${paths.join(', ')}`);
    // The static count of `make size` covers every file really fetched.
    const counted = new Set(firstLoadFiles(DIST, hash));
    for (const p of paths) assert.ok(counted.has(p), `scripts/size.mjs counts ${p}`);
    assert.ok(total <= BUDGET_BYTES, `${hash}: ${total} bytes gzipped before the figures, over the budget of ${BUDGET_BYTES}`);
    // A split build fetches the rest of the module after the figures, and it works: the page
    // raised no error.
    if (paths.some((p) => /-(home|school|follow|communities|ratecard)-[0-9a-f]{16}\.wasm$/.test(p))) {
      await page.waitForFunction((re) => performance.getEntriesByType('resource').some((e) => new RegExp(re).test(e.name)), REST_FILE.source, { timeout: 30_000 });
    }
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
}

// On a slow connection the rest of the module comes seconds after the figures. Whatever the
// page does by itself meanwhile (a timer, a section drawn later) is in the route's entry, so
// the rest is not loaded at once, blocking the page, and not fetched a second time.
for (const [hash, figure] of ROUTE_FIGURES) {
  test(`${hash} on a slow connection: the rest of the module is fetched once, and nothing needs it sooner`, async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await holdBackRest(context, REST_HELD_MS);
    await openApp(page, env.site, hash);
    await page.locator(figure).first().waitFor({ timeout: 60_000 });
    if (!(await isSplit(page))) return context.close(); // not split
    await restHere(page);
    const loads = await page.evaluate(() => globalThis.__senSyncLoads.slice());
    assert.deepEqual(loads, [], `${hash}: functions of the rest (table slots ${loads.join(', ')}) were needed while the rest was on its way${await firstStack(page)}`);
    const rests = log.responses.map((r) => new URL(r.url()).pathname).filter((p) => REST_FILE.test(p));
    assert.equal(rests.length, 1, `${hash}: the rest fetched once: ${rests.join(', ')}`);
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
}

// Acting before a slow rest has come (here: going to another journey, whose page is not in the
// school's entry) needs a part of it at once: it is loaded synchronously, the fetch of the rest
// still on its way is cancelled rather than downloaded a second time, and the page works.
test('a journey opened before a slow rest has come: the rest loaded at once, its fetch cancelled', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await holdBackRest(context, REST_HELD_MS);
  const failed = [];
  page.on('requestfailed', (r) => failed.push([new URL(r.url()).pathname.split('/').pop(), r.failure()?.errorText]));
  const restAsked = page.waitForRequest(REST_FILE, { timeout: 60_000 });
  await openApp(page, env.site, '#/school');
  await page.locator('#results table td').first().waitFor({ timeout: 60_000 });
  if (!(await isSplit(page))) return context.close(); // not split
  // The fetch of the rest is on its way (held back), the rest not yet here.
  await restAsked;
  assert.ok(!(await page.evaluate(() => globalThis.__senRestHere)), 'the rest is still on its way');
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Rate card', exact: true }).click();
  await page.locator('#section-bands input').first().waitFor({ timeout: 60_000 });
  assert.notDeepEqual(await page.evaluate(() => globalThis.__senSyncLoads.slice()), [], 'the rate card page needed the rest at once (else this test tests nothing)');
  assert.ok(await page.evaluate(() => globalThis.__senRestHere));
  const rests = log.responses.map((r) => new URL(r.url()).pathname.split('/').pop()).filter((p) => REST_FILE.test(p));
  assert.ok(failed.some(([name, why]) => REST_FILE.test(name) && /ABORTED/i.test(why ?? '')), `the fetch of the rest on its way was cancelled: failed ${JSON.stringify(failed)}, responses ${rests.join(', ')}`);
  // The page works on: a rate typed is taken.
  const rate = page.locator('tr[data-param="bands[5].rate"] input[type="text"]');
  await rate.fill('12500');
  await rate.press('Tab');
  await page.locator('.app-card-status [data-card-modified]').waitFor();
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
