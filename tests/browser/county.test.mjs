// County scale in the browser: a generated Kent-scale scenario (50 Communities, 600 schools,
// 50,000 pupils; `sen-funding generate`) loaded from a file into Community budgets. Its figures
// are `sen-funding calc`'s, and a change recomputes (the whole model, then the Community view
// repainted) in at most 60 ms in Chromium. The figures measured go to artifacts/county.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { newPage, screenshot, shippedCard, useSiteAndBrowser } from './helpers.mjs';
import { calc, gbp, openJourney, saveArtifact, senFunding } from './journeys-helpers.mjs';

const BUDGET_MS = 60;
// The 60 ms target is measured and reported (docs/performance.md), not asserted: a timing
// test at the target would fail on a busy machine. Only a gross regression (5×) fails.
const CEILING_MS = 5 * BUDGET_MS;
const RUNS = 15;
// The first runs also tier the WebAssembly up to optimised code: not counted.
const WARM_UP = 5;

const env = useSiteAndBrowser();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test(`a Kent-scale county loaded from a file: the engine's figures, recompute time measured against the ${BUDGET_MS} ms target`, async () => {
  // The generated county, with the rate card inline (a browser has no files to follow a path to).
  const scenario = JSON.parse(senFunding(['generate', '--communities', '50', '--schools', '600', '--pupils', '50000', '--seed', '1']).stdout);
  delete scenario.rate_card_path;
  scenario.rate_card = shippedCard();
  const text = JSON.stringify(scenario);
  const file = join(mkdtempSync(join(tmpdir(), 'county-')), 'kent-scale.json');
  writeFileSync(file, text);
  assert.equal(scenario.schools.reduce((n, s) => n + s.pupils.length, 0), 50_000);

  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/communities', '#community-table');
  const t0 = Date.now();
  await page.locator('#community-file').setInputFiles(file);
  await page.locator('#community-import-status').filter({ hasText: '50 Communities, 600 schools, 50,000 pupils' }).waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - t0;
  await page.locator('#community-table').waitFor();

  // The figures are the command-line tool's.
  const result = calc(text);
  const byId = new Map(result.communities.map((c) => [c.id, c]));
  for (const ay of Object.keys(scenario.pots)) {
    await page.locator('#year').selectOption(ay);
    await page.locator(`#community-table[data-ay="${ay}"]`).waitFor();
    const rows = await page.locator('#community-table tbody tr').evaluateAll((trs) => trs.map((r) => [r.dataset.community, ...['net', 'gross', 'committed', 'discretionary'].map((k) => r.querySelector(`[data-figure="${k}"]`).firstChild.textContent.trim())]));
    assert.equal(rows.length, 50);
    for (const [id, net, gross, committed, discretionary] of rows) {
      const want = byId.get(id).years[ay];
      assert.deepEqual([net, gross, committed, discretionary], [gbp(want.net), gbp(want.gross), gbp(want.committed), gbp(want.discretionary)], `${id} ${ay}`);
    }
  }
  await page.locator('#year').selectOption('2025/26');

  // Recompute: a new pot for 2025/26, each time a different one. Measured in the page: from the
  // change to the figures on the screen (the next frame after the update), the model's own
  // calculation, and the check of the data before it.
  const runs = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const pot = 70_000_000 + i * 1_000;
    const r = await page.evaluate(async (value) => {
      const el = document.getElementById('pot-2025');
      el.value = String(value);
      const start = performance.now();
      // What typing fires: every keystroke reaches the state (nothing typed is lost).
      el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const end = performance.now();
      const fig = document.getElementById('community-figures');
      return {
        total: end - start,
        recompute: Number(fig.dataset.recomputeMs),
        calc: Number(fig.dataset.calcMs),
        check: Number(fig.dataset.checkMs),
        pot: document.querySelector('#reconciliation tr[data-ay="2025/26"] [data-figure="pot"]').firstChild.textContent,
        difference: document.querySelector('#reconciliation tr[data-ay="2025/26"] [data-figure="difference"]').firstChild.textContent,
      };
    }, pot);
    assert.equal(r.pot, gbp(pot.toFixed(2)), 'the new figures are on the screen');
    assert.equal(r.difference, '£0.00');
    if (i >= WARM_UP) runs.push(r);
  }
  const summary = {
    scenario: { communities: 50, schools: 600, pupils: 50_000, bytes: text.length },
    load_ms: loadMs,
    runs: RUNS,
    median_ms: {
      to_screen: median(runs.map((r) => r.total)),
      recompute: median(runs.map((r) => r.recompute)),
      calculate: median(runs.map((r) => r.calc)),
      check: median(runs.map((r) => r.check)),
    },
    max_ms: { to_screen: Math.max(...runs.map((r) => r.total)) },
    budget_ms: BUDGET_MS,
    chromium: await page.evaluate(() => navigator.userAgent),
  };
  saveArtifact('county.json', summary);
  console.log(`# county scale: load ${loadMs} ms; recompute median ${summary.median_ms.to_screen.toFixed(1)} ms to the screen (calculate ${summary.median_ms.calculate.toFixed(1)} ms, check ${summary.median_ms.check.toFixed(1)} ms), max ${summary.max_ms.to_screen.toFixed(1)} ms`);
  console.log(`# county scale: target ${BUDGET_MS} ms — ${summary.median_ms.to_screen <= BUDGET_MS ? 'met' : 'NOT met on this run'}`);
  assert.ok(summary.median_ms.to_screen <= CEILING_MS, `recompute ${summary.median_ms.to_screen} ms: more than 5× the ${BUDGET_MS} ms target`);
  await screenshot(page, 'county-scale');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('Interaction to Next Paint for keys typed in a Community pot at county scale, CPU 4x slower: measured against 200 ms', async () => {
  const scenario = JSON.parse(senFunding(['generate', '--communities', '50', '--schools', '600', '--pupils', '50000', '--seed', '1']).stdout);
  delete scenario.rate_card_path;
  scenario.rate_card = shippedCard();
  const file = join(mkdtempSync(join(tmpdir(), 'county-')), 'kent-scale.json');
  writeFileSync(file, JSON.stringify(scenario));
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/communities', '#community-table');
  await page.locator('#community-file').setInputFiles(file);
  await page.locator('#community-import-status').filter({ hasText: '50 Communities, 600 schools, 50,000 pupils' }).waitFor({ timeout: 120_000 });
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Every interaction's duration (input delay + processing + the next paint), as the browser
  // measures it for INP.
  await page.evaluate(() => {
    globalThis.__interactions = new Map();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.interactionId) continue;
        const m = globalThis.__interactions;
        const was = m.get(e.interactionId);
        if (!was || e.duration > was.duration) m.set(e.interactionId, { name: e.name, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const pot = page.locator('#pot-2026');
  const before = await pot.inputValue();
  await pot.click();
  await page.keyboard.press('End');
  const keys = '123456';
  await page.keyboard.type(keys, { delay: 80 });
  await page.waitForTimeout(1500);
  assert.equal(await pot.inputValue(), `${before}${keys}`, 'every key is in the pot');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pot-2026');
  const interactions = await page.evaluate(() => [...globalThis.__interactions.values()]);
  const durations = interactions.map((i) => i.duration);
  // INP: the worst interaction (fewer than 50 here).
  const inp = durations.length ? Math.max(...durations) : 0;
  saveArtifact('county-inp.json', { keys: keys.length, interactions_over_16ms: durations.length, interactions, inp_ms: inp, cpu_slowdown: 4 });
  console.log(`# county scale, CPU 4x slower: INP for a key in a pot ${inp} ms (${durations.length} interactions over 16 ms; good is at most 200 ms)`);
  console.log(`# county INP: target 200 ms — ${inp <= 200 ? 'met' : 'NOT met on this run'}`);
  // As with the recompute above: the target is reported; only a gross regression (2×) fails.
  assert.ok(inp <= 400, `INP ${inp} ms: more than twice the 200 ms target`);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
