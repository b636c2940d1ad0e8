// Benchmarks of the school workspace in Chromium, against its performance targets:
//  * a 50,000-row pupil CSV imports (read, every row checked by the engine, preview shown) in
//    at most 1 s;
//  * in a 2,000-pupil school, changing one pupil's band repaints the totals within one frame
//    (at most 16 ms).
// The figures are printed and written to tests/browser/artifacts/school-perf.json.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, newPage, useSiteAndBrowser } from './helpers.mjs';
import { changed, importAccepted, openWorkspace, pupilCsv, rev, rowKey, startOwnSchool } from './school-helpers.mjs';

const env = useSiteAndBrowser();
const results = {};
after(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'school-perf.json'), JSON.stringify(results, null, 2));
});

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { runs: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1], min: s[0] };
}

test('a 50,000-row CSV import, with a progress bar, measured against the 1 s target', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openWorkspace(page, env.site);
  await startOwnSchool(page, { name: 'Large School' });
  const buffer = pupilCsv(50000, { dates: true });
  await page.evaluate(() => {
    window.__sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('#import-progress progress[max]')) window.__sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('#import-file', { name: 'pupils-50000.csv', mimeType: 'text/csv', buffer });
  await page.locator('#import-preview').waitFor({ timeout: 60000 });
  const wall = Date.now() - t0;
  const preview = page.locator('#import-preview');
  const inApp = Number(await preview.getAttribute('data-elapsed-ms'));
  assert.equal(await preview.getAttribute('data-accepted'), '50000');
  assert.equal(await preview.getAttribute('data-rejected'), '0');
  assert.ok(await page.evaluate(() => window.__sawProgress), 'a progress bar showed while the rows were checked');
  // Adding them to the workspace and computing every figure.
  const b = await rev(page);
  const t1 = Date.now();
  await page.click('#import-accepted-button');
  await changed(page, b);
  await page.locator('#headline').waitFor({ timeout: 60000 });
  const addMs = Date.now() - t1;
  results.import50k = { rows: 50000, bytes: buffer.length, in_app_ms: inApp, wall_ms: wall, add_and_compute_ms: addMs };
  console.log(`import of 50,000 rows (${buffer.length} bytes): ${inApp} ms in the app (file read, every row checked, preview), ${wall} ms wall; adding them and computing every figure: ${addMs} ms`);
  assert.deepEqual(log.pageErrors, []);
  // Measured against the 1 s target and reported (docs/performance.md); only a gross regression fails.
  console.log(`# 50,000-row import: target 1,000 ms — ${inApp <= 1000 ? 'met' : 'NOT met on this run'}`);
  assert.ok(inApp <= 5000, `50,000 rows imported in ${inApp} ms: more than 5× the 1,000 ms target`);
  await context.close();
});

test('in a 2,000-pupil school, the repaint after one band change, measured against one frame (16 ms)', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await openWorkspace(page, env.site);
  await startOwnSchool(page, { name: 'Big School' });
  await importAccepted(page, 'pupils-2000.csv', pupilCsv(2000, { dates: true }));
  await page.locator('#headline').waitFor();
  assert.equal(await page.locator('#pupils-count').innerText(), '2,000 pupils');
  // P00003: mainstream with an EHCP, so its band changes its 2026/27 tariff.
  const key = await rowKey(page, 'P00003');
  assert.ok(key);
  const runs = [];
  for (let i = 0; i < 30; i++) {
    const band = i % 2 === 0 ? 'SA5' : 'SA1';
    runs.push(await page.evaluate(({ key, band }) => new Promise((resolve, reject) => {
      const select = document.getElementById(`pupil-${key}-band`);
      const table = document.getElementById('totals-ay');
      const read = () => table.querySelector('tr[data-ay="2026/27"] [data-figure=direct]').textContent;
      const before = read();
      const timer = setTimeout(() => reject(new Error('the totals did not change')), 5000);
      const observer = new MutationObserver(() => {
        if (read() === before) return;
        const dom = performance.now() - t0;
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => resolve({ dom, frame: performance.now() - t0 }));
      });
      observer.observe(table, { subtree: true, childList: true, characterData: true });
      const t0 = performance.now();
      select.value = band;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }), { key, band }));
  }
  const dom = stats(runs.map((r) => r.dom));
  const frame = stats(runs.map((r) => r.frame));
  results.repaint2000 = { pupils: 2000, change_to_totals_updated_ms: dom, change_to_next_frame_ms: frame };
  console.log(`2,000 pupils, one band changed → totals updated: median ${dom.median.toFixed(1)} ms, p90 ${dom.p90.toFixed(1)} ms, max ${dom.max.toFixed(1)} ms (to the next frame: median ${frame.median.toFixed(1)} ms)`);
  assert.deepEqual(log.pageErrors, []);
  // Measured against the one-frame (16 ms) target and reported (docs/performance.md); only a gross regression fails.
  console.log(`# 2,000-pupil repaint: target 16 ms — ${dom.median <= 16 ? 'met' : 'NOT met on this run'}`);
  assert.ok(dom.median <= 80, `median ${dom.median} ms: more than 5× the 16 ms target`);
  await context.close();
});
