// What-if against a baseline in the browser: published rate cards (R10.7) and a baseline in every journey (R10.6).
//
// * Publishing works on the built dist/ served by a plain static server: a card added to
//   ratecards/index.json in a copy of dist/ is listed after a reload and can be put in force;
//   a broken index, or an index naming a missing file, is reported with its path and the app
//   keeps to a good card.
// * With a baseline pinned, the school workspace and Community budgets show the figures of
//   `sen-funding compare BASE.json WHAT_IF.json` on the scenarios the page exports.
// * The winners and losers counts equal a count made from `sen-funding calc`.
// * Benchmarks (reported, see docs/performance.md): a rate-card edit at county scale with a
//   baseline pinned; a pupil edit in a 2,000-pupil school with a baseline pinned; the
//   five-point range for a school.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer } from '../../scripts/serve.mjs';
import { DIST, REPO, SUB_PATH, newPage, screenshot, shippedCard, useSiteAndBrowser } from './helpers.mjs';
import { calc, download, openJourney, saveArtifact, senFunding } from './journeys-helpers.mjs';

const HIGH_ID = 'kent-illustrative-2025-high';
const HIGH_CARD = JSON.parse(readFileSync(join(REPO, 'www/ratecards', `${HIGH_ID}.json`), 'utf8'));

const env = useSiteAndBrowser();

/** R10.4 money (`"-1234.56"`) or null → pennies (a string of digits, as data-pennies holds them). */
function pennies(m) {
  if (m === null || m === undefined) return '';
  const neg = m.startsWith('-');
  const [i, f = '00'] = (neg ? m.slice(1) : m).split('.');
  const n = BigInt(i) * 100n + BigInt(f.padEnd(2, '0'));
  return (neg ? -n : n).toString();
}

function tmpFile(name, data) {
  const file = join(mkdtempSync(join(tmpdir(), 'baseline-')), name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

/** `sen-funding compare` on two scenarios (objects). */
function compare(base, whatIf) {
  return JSON.parse(senFunding(['compare', tmpFile('base.json', base), tmpFile('what-if.json', whatIf)]).stdout);
}

/** Pins a published card as the baseline on the rate card page. */
async function pinPublished(page, id) {
  await page.locator(`[data-pin-card="${id}"]`).click();
  await page.locator(`#baseline-status [data-baseline="${id}"]`).waitFor();
}

/** A copy of dist/ whose ratecards/ the test may change, served on its own. */
async function siteCopy(change) {
  const root = mkdtempSync(join(tmpdir(), 'dist-copy-'));
  cpSync(DIST, root, { recursive: true });
  change(join(root, 'ratecards'));
  return startServer({ root, prefix: SUB_PATH, port: 0 });
}

test('publishing a card is copying a file and editing index.json in the built site: listed after a reload, and it can be put in force', async () => {
  // A copy of the built site, changed as a KELSI editor would change the live one.
  const published = await siteCopy((cards) => {
    const card = { ...JSON.parse(readFileSync(join(cards, 'kent-illustrative-2025.json'), 'utf8')), id: 'kent-test-2026', title: 'Kent — test card published without a rebuild' };
    card.protection = { ...card.protection, rate: '0.6' };
    writeFileSync(join(cards, 'kent-test-2026.json'), JSON.stringify(card, null, 2));
    const index = JSON.parse(readFileSync(join(cards, 'index.json'), 'utf8'));
    index.cards.push({ id: 'kent-test-2026', title: 'Kent — test card published without a rebuild', status: card.status, file: 'kent-test-2026.json' });
    writeFileSync(join(cards, 'index.json'), JSON.stringify(index, null, 2));
  });
  try {
    const { context, page, log } = await newPage(env.browser, published);
    await openJourney(page, published, '#/rate-card', '#published-cards');
    await page.locator('[data-published-card="kent-test-2026"] [data-use-card]').waitFor();
    assert.equal(await page.locator('#published-cards tbody tr').count(), 3);
    await page.locator('[data-use-card="kent-test-2026"]').click();
    await page.locator('#card-identity').filter({ hasText: 'kent-test-2026' }).waitFor();
    assert.match(await page.locator('[data-published-card="kent-test-2026"] [data-card-role]').innerText(), /In force/);
    assert.equal(await page.locator('#published-errors').count(), 0);
    // … and as the baseline: the link carries both choices by id.
    await pinPublished(page, HIGH_ID);
    const link = await page.locator('#card-link').inputValue();
    assert.match(link, /card=kent-test-2026/);
    assert.match(link, new RegExp(`base=${HIGH_ID}`));
    await screenshot(page, 'baseline-published');
    // Opening the link gives the same choices (in a tab of its own: the first is closed, as a
    // second tab would find the rate card changes open in the first, tabs.test.mjs).
    await page.close();
    const again = await context.newPage();
    await again.goto(link);
    await again.locator(`#baseline-status [data-baseline="${HIGH_ID}"]`).waitFor({ timeout: 30_000 });
    await again.locator('#card-identity').filter({ hasText: 'kent-test-2026' }).waitFor();
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  } finally {
    await published.close();
  }
});

test('a broken index, or an index naming a missing file or a faulty card, is reported with its path; the app keeps to a good card', async () => {
  // The index names a missing file and a card whose id differs from the file's.
  const faulty = await siteCopy((cards) => {
    const index = JSON.parse(readFileSync(join(cards, 'index.json'), 'utf8'));
    index.cards.push({ id: 'kent-missing', title: 'Missing', status: 'illustrative', file: 'kent-missing.json' });
    cpSync(join(cards, `${HIGH_ID}.json`), join(cards, 'kent-wrong-id.json'));
    index.cards.push({ id: 'kent-wrong-id', title: 'Wrong id', status: 'illustrative', file: 'kent-wrong-id.json' });
    writeFileSync(join(cards, 'index.json'), JSON.stringify(index));
  });
  try {
    const { context, page } = await newPage(env.browser, faulty);
    await openJourney(page, faulty, '#/rate-card', '#published-errors');
    const text = await page.locator('#published-errors').innerText();
    assert.match(text, /ratecards\/index\.json: cards\[2\]\.file: cannot load "kent-missing\.json"/);
    assert.match(text, /ratecards\/index\.json: cards\[3\]\.id: the index lists "kent-wrong-id"/);
    // The current card is in force all the same.
    await page.locator('#card-identity').filter({ hasText: 'kent-illustrative-2025' }).waitFor();
    await context.close();
  } finally {
    await faulty.close();
  }
  // An index that is not JSON: the card the app was built with, and a warning that says so.
  const broken = await siteCopy((cards) => writeFileSync(join(cards, 'index.json'), '{"current": "kent-illustrative-2025", "cards": [ '));
  try {
    const { context, page } = await newPage(env.browser, broken);
    await openJourney(page, broken, '#/rate-card', '#published-fallback');
    assert.match(await page.locator('#published-errors').innerText(), /ratecards\/index\.json/);
    assert.match(await page.locator('#published-fallback').innerText(), /uses the rate card it was built with \(ratecards\/kent-illustrative-2025\.json\)/);
    await page.locator('#card-identity').filter({ hasText: 'kent-illustrative-2025' }).waitFor();
    await screenshot(page, 'baseline-broken-index');
    await context.close();
  } finally {
    await broken.close();
  }
});

test('school workspace: with a baseline pinned, every total equals sen-funding compare on the exported scenarios; the exports carry both', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/rate-card', '#published-cards');
  await pinPublished(page, HIGH_ID);
  await page.goto(`${env.site.baseUrl}#/school`);
  await page.locator('#baseline-ay').waitFor({ timeout: 60_000 });
  await page.locator('#baseline-banner').waitFor();

  const saved = await download(page, () => page.click('#save-scenario'));
  const whatIf = JSON.parse(saved.bytes.toString('utf8'));
  const base = { ...whatIf, rate_card: HIGH_CARD };
  const cmp = compare(base, whatIf);
  assert.equal(cmp.base.id, HIGH_ID);
  const school = cmp.schools[0];
  const cells = async (table) => page.locator(`#${table} tbody tr`).evaluateAll((trs) => trs.map((tr) => ({
    period: tr.dataset.ay ?? tr.dataset.fy,
    figures: Object.fromEntries([...tr.querySelectorAll('[data-figure]')].map((td) => [td.dataset.figure, td.dataset.pennies])),
  })));
  const names = { direct: 'direct', mgl: 'mgl_adjustment', community: 'community_indicative', current: 'current' };
  const ay = await cells('baseline-ay');
  assert.equal(ay.length, Object.keys(school.years).length);
  let compared = 0;
  for (const row of ay) {
    for (const [short, long] of Object.entries(names)) {
      const d = school.years[row.period][long];
      assert.deepEqual(
        [row.figures[`${short}-what-if`], row.figures[`${short}-baseline`], row.figures[`${short}-change`]],
        [pennies(d.what_if), pennies(d.base), pennies(d.change)], `${row.period} ${long}`);
      compared++;
    }
  }
  const fy = await cells('baseline-fy');
  assert.equal(fy.length, Object.keys(school.financial_years).length);
  for (const row of fy) {
    for (const long of ['direct', 'current']) {
      const d = school.financial_years[row.period][long];
      assert.deepEqual([row.figures[`${long}-what-if`], row.figures[`${long}-baseline`], row.figures[`${long}-change`]], [pennies(d.what_if), pennies(d.base), pennies(d.change)], `FY ${row.period} ${long}`);
    }
  }
  assert.ok(compared > 4);
  // The cards differ, so some figure moves.
  assert.ok(Object.values(school.years).some((y) => y.direct.change !== '0.00'), 'the high card changes the school’s direct Element 3');

  // Each pupil: the page's Element 3 under the baseline is `calc` on the baseline scenario.
  const baseResult = calc(base);
  const pupils = await page.locator('#baseline-pupils tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.pupil, tr.querySelector('[data-figure="e3-baseline"]').dataset.pennies]));
  const shownIx = Number(await page.locator('#baseline-pupils-period').inputValue());
  const tariffAy = Object.keys(school.years)[shownIx];
  assert.equal(tariffAy, '2026/27', 'each pupil opens on the first year of tariffs');
  for (const [id, p] of pupils) {
    const want = baseResult.schools[0].pupils.find((x) => x.id === id).years[tariffAy].e3;
    assert.equal(p, pennies(want), `pupil ${id} ${tariffAy}`);
  }

  // The exports: R10.6's CSV rows, and the totals with the baseline and the change.
  const csv = await download(page, () => page.click('#export-baseline-csv'));
  const text = csv.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const want = senFunding(['compare', '--csv', tmpFile('base.json', base), tmpFile('what-if.json', whatIf)]).stdout;
  assert.deepEqual(text.trim().split(/\r?\n/), want.trim().split(/\r?\n/), 'the page’s CSV is `sen-funding compare --csv`');
  const totals = (await download(page, () => page.click('#export-totals-csv'))).bytes.toString('utf8');
  assert.match(totals.split(/\r?\n/)[0], /baseline_direct_e3,change_from_baseline/);
  // Print carries both columns and the change too, and says which card is the baseline.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#baseline-ay').isVisible(), 'the comparison prints');
  for (const col of ['direct-what-if', 'direct-baseline', 'direct-change']) {
    assert.ok(await page.locator(`#baseline-ay tbody tr [data-figure="${col}"]`).first().isVisible(), `the ${col} column prints`);
  }
  assert.ok(await page.locator('#baseline-banner').isVisible(), 'the baseline is named on paper');
  await page.pdf({ path: tmpFile('baseline-report.pdf', '') });
  await page.emulateMedia({ media: 'screen' });
  await screenshot(page, 'baseline-school');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('follow-the-child: with a baseline pinned each setting and year shows what-if, baseline and change', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/rate-card', '#published-cards');
  await pinPublished(page, HIGH_ID);
  await page.goto(`${env.site.baseUrl}#/follow-the-child?band=SA3&ehcp=yes`);
  await page.locator('#follow-baseline').waitFor({ timeout: 60_000 });
  const rows = await page.locator('#follow-baseline tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.setting, tr.dataset.ay, ...['what-if', 'baseline', 'change'].map((k) => tr.querySelector(`[data-figure="e3-${k}"]`).dataset.pennies)]));
  assert.equal(rows.length, 12, 'three settings, four years');
  for (const [setting, ay, w, b, c] of rows) assert.equal(BigInt(c), BigInt(w) - BigInt(b), `${setting} ${ay}`);
  // SA3 is a tariff band: the high card pays more in the tariff year.
  assert.ok(rows.some(([, , , , c]) => BigInt(c) !== 0n));
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('Community budgets: every Community against the baseline equals sen-funding compare; winners and losers equal a count from sen-funding calc', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/rate-card', '#published-cards');
  await pinPublished(page, HIGH_ID);
  await page.goto(`${env.site.baseUrl}#/communities`);
  await page.locator('#community-baseline-table').waitFor({ timeout: 60_000 });
  const file = await download(page, '#download-scenario');
  const whatIf = JSON.parse(file.bytes.toString('utf8'));
  assert.ok(whatIf.schools.length > 0, 'the example county has schools');
  const base = { ...whatIf, rate_card: HIGH_CARD };
  const cmp = compare(base, whatIf);
  const ay = await page.locator('#community-baseline').getAttribute('data-ay');
  const rows = await page.locator('#community-baseline-table tbody tr[data-community]').evaluateAll((trs) => trs.filter((tr) => tr.dataset.community).map((tr) => ({
    id: tr.dataset.community,
    f: Object.fromEntries([...tr.querySelectorAll('[data-figure]')].map((td) => [td.dataset.figure, td.dataset.pennies])),
  })));
  assert.equal(rows.length, cmp.communities.length);
  for (const r of rows) {
    const c = cmp.communities.find((x) => x.id === r.id).years[ay];
    for (const k of ['net', 'committed', 'discretionary']) {
      assert.deepEqual([r.f[`${k}-what-if`], r.f[`${k}-baseline`], r.f[`${k}-change`]], [pennies(c[k].what_if), pennies(c[k].base), pennies(c[k].change)], `${r.id} ${ay} ${k}`);
    }
  }

  // Winners and losers, counted from `sen-funding calc` on each scenario.
  const wlAy = await page.locator('#winners-losers').getAttribute('data-ay');
  const now = calc(whatIf);
  const then = calc(base);
  const count = (pairs) => ({
    gain: String(pairs.filter(([a, b]) => a > b).length),
    lose: String(pairs.filter(([a, b]) => a < b).length),
    unchanged: String(pairs.filter(([a, b]) => a === b).length),
  });
  const num = (m) => BigInt(pennies(m));
  const vsCurrent = count(now.schools.map((s) => [num(s.years[wlAy].direct), num(s.years[wlAy].current)]));
  const thenBy = new Map(then.schools.map((s) => [s.urn, s]));
  const vsBase = count(now.schools.map((s) => [num(s.years[wlAy].direct), num(thenBy.get(s.urn).years[wlAy].direct)]));
  const shown = async (against) => Object.fromEntries(await page.locator(`#winners-counts tr[data-against="${against}"] [data-count]`).evaluateAll((tds) => tds.map((td) => [td.dataset.count, td.textContent.trim()])));
  const cur = await shown('current');
  const bas = await shown('baseline');
  assert.deepEqual({ gain: cur.gain, lose: cur.lose, unchanged: cur.unchanged }, vsCurrent, 'against the current system');
  assert.deepEqual({ gain: bas.gain, lose: bas.lose, unchanged: bas.unchanged }, vsBase, 'against the baseline');
  console.log(`# winners and losers ${wlAy}: against current ${JSON.stringify(vsCurrent)}, against the baseline ${JSON.stringify(vsBase)}`);

  // The sortable table of schools: sorted by change, losers first.
  await page.locator('#winners-show-schools').click();
  await page.locator('[data-school-sort="change"]').click();
  // Sorted by change (a second click: largest first): the changes shown never increase.
  const changes = await page.locator('#winners-schools tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const [figure, reference] = [...tr.querySelectorAll('[data-pennies]')].map((td) => BigInt(td.dataset.pennies));
    return (figure - reference).toString();
  }));
  assert.ok(changes.length > 0);
  for (let i = 1; i < changes.length; i++) assert.ok(BigInt(changes[i]) <= BigInt(changes[i - 1]), `sorted by change: row ${i}`);
  await page.locator('#options-county-show').click();
  await page.locator('#options-county').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#options-county tbody tr[data-community]').count(), whatIf.communities.length + 2);

  // The Budgets CSV carries the baseline and the change.
  const csv = (await download(page, '#download-budgets-csv')).bytes.toString('utf8');
  assert.match(csv.split(/\r?\n/)[0], /baseline_net,change_net,baseline_committed,change_committed,baseline_discretionary,change_discretionary/);
  await screenshot(page, 'baseline-communities');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('benchmarks with a baseline pinned: a rate-card edit at county scale; the five-point range for a school', async () => {
  const scenario = JSON.parse(senFunding(['generate', '--communities', '50', '--schools', '600', '--pupils', '50000', '--seed', '1']).stdout);
  delete scenario.rate_card_path;
  scenario.rate_card = shippedCard();
  const file = tmpFile('kent-scale.json', scenario);
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/rate-card', '#published-cards');
  await pinPublished(page, HIGH_ID);
  await page.goto(`${env.site.baseUrl}#/communities`);
  await page.locator('#community-table').waitFor({ timeout: 60_000 });
  await page.locator('#community-file').setInputFiles(file);
  await page.locator('#community-import-status').filter({ hasText: '50 Communities, 600 schools, 50,000 pupils' }).waitFor({ timeout: 180_000 });
  await page.locator('#community-baseline-table').waitFor({ timeout: 60_000 });

  // A rate-card edit from the page (the range tool puts a value in force): the what-if is
  // recomputed and both columns repainted; the baseline is not recomputed.
  await page.locator('#county-range-go').click();
  await page.locator('#county-range-result').waitFor({ timeout: 120_000 });
  const countyRangeMs = Number(await page.locator('#county-range-result').getAttribute('data-range-ms'));
  const runs = [];
  for (let i = 0; i < 12; i++) {
    const r = await page.evaluate(async (k) => {
      const button = document.querySelector(`[data-range-use="${k}"]`);
      const start = performance.now();
      button.click();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return { ms: performance.now() - start, change: document.querySelector('#community-baseline-table tr[data-community=""] [data-figure="committed-change"]').dataset.pennies };
    }, i % 2 === 0 ? 4 : 0);
    if (i >= 4) runs.push(r.ms);
  }
  const edit = median(runs);
  console.log(`# county scale with a baseline pinned: rate-card edit repaints both columns in ${edit.toFixed(1)} ms (median of ${runs.length}); the five-point county range took ${countyRangeMs.toFixed(0)} ms`);
  await context.close();

  // The five-point range for a school (the example school), measured in the page.
  const s = await newPage(env.browser, env.site);
  await openJourney(s.page, env.site, '#/school', '#school-range-go');
  const ranges = [];
  for (let i = 0; i < 8; i++) {
    await s.page.locator('#school-range-go').click();
    await s.page.locator('#school-range-result').waitFor();
    ranges.push(Number(await s.page.locator('#school-range-result').getAttribute('data-range-ms')));
  }
  const range = median(ranges.slice(3));
  console.log(`# school range: five points in ${range.toFixed(1)} ms (median)`);
  saveArtifact('baseline-bench.json', { county_edit_ms: edit, county_edit_runs: runs, county_range_ms: countyRangeMs, school_range_ms: range, chromium: await s.page.evaluate(() => navigator.userAgent) });
  assert.ok(edit <= 5 * 60, `county edit ${edit} ms: more than 5× the 60 ms target`);
  assert.ok(range <= 5 * 50, `school range ${range} ms: more than 5× the 50 ms target`);
  assert.deepEqual(log.pageErrors, []);
  await s.context.close();
});

test('benchmark: with a baseline pinned, one band change in a 2,000-pupil school repaints both columns (target 16 ms)', async () => {
  const { importAccepted, pupilCsv, rowKey, startOwnSchool } = await import('./school-helpers.mjs');
  const { context, page, log } = await newPage(env.browser, env.site);
  await openJourney(page, env.site, '#/rate-card', '#published-cards');
  await pinPublished(page, HIGH_ID);
  await page.goto(`${env.site.baseUrl}#/school`);
  await page.locator('#results').waitFor({ timeout: 60_000 });
  await startOwnSchool(page, { name: 'Big School' });
  await importAccepted(page, 'pupils-2000.csv', pupilCsv(2000));
  await page.locator('#baseline-ay').waitFor({ timeout: 60_000 });
  const key = await rowKey(page, 'P00003');
  const runs = [];
  for (let i = 0; i < 30; i++) {
    const band = i % 2 === 0 ? 'SA5' : 'SA1';
    runs.push(await page.evaluate(({ key, band }) => new Promise((resolve, reject) => {
      const select = document.getElementById(`pupil-${key}-band`);
      const table = document.getElementById('baseline-ay');
      const read = () => ['direct-what-if', 'direct-baseline'].map((f) => table.querySelector(`tr[data-ay="2026/27"] [data-figure="${f}"]`).textContent).join('|');
      const before = read().split('|');
      const timer = setTimeout(() => reject(new Error('the columns did not change')), 5000);
      const observer = new MutationObserver(() => {
        const now = read().split('|');
        if (now[0] === before[0] || now[1] === before[1]) return;
        const dom = performance.now() - t0;
        observer.disconnect();
        clearTimeout(timer);
        resolve(dom);
      });
      observer.observe(table, { subtree: true, childList: true, characterData: true });
      const t0 = performance.now();
      select.value = band;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }), { key, band }));
  }
  // The five-point range for this 2,000-pupil school.
  const ranges = [];
  for (let i = 0; i < 6; i++) {
    await page.locator('#school-range-go').click();
    await page.locator('#school-range-result').waitFor();
    ranges.push(Number(await page.locator('#school-range-result').getAttribute('data-range-ms')));
  }
  const range = median(ranges.slice(2));
  console.log(`# 2,000 pupils: the five-point range took ${range.toFixed(1)} ms (median; target 50 ms — ${range <= 50 ? 'met' : 'NOT met on this run'})`);
  assert.ok(range <= 250, `range ${range} ms: more than 5× the 50 ms target`);
  const m = median(runs.slice(5));
  console.log(`# 2,000 pupils with a baseline pinned: one band change → both columns updated, median ${m.toFixed(1)} ms (target 16 ms — ${m <= 16 ? 'met' : 'NOT met on this run'})`);
  saveArtifact('baseline-bench-pupil.json', { pupils: 2000, runs, median_ms: m, range_runs: ranges, range_median_ms: range });
  assert.ok(m <= 80, `median ${m} ms: more than 5× the 16 ms target`);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
