#!/usr/bin/env node
// Lighthouse (mobile, performance and accessibility) on the built site, served gzipped from a
// sub-path of 127.0.0.1, for `#/` and `#/school` (the target: performance ≥ 90, goal 95):
//
//   node scripts/lighthouse.mjs [dist]      (make lighthouse installs Lighthouse 13 first)
//   LH_ROUTES='#/school' LH_RUNS=5 node scripts/lighthouse.mjs dist   (other routes, more runs)
//
// Uses Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Prints the score, LCP and TBT
// of each route and writes the reports to tests/browser/artifacts/lighthouse-*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './serve.mjs';

const REPO = join(import.meta.dirname, '..');
const require = createRequire(join(REPO, '.tools/lighthouse/package.json'));
const lighthouse = (await import(require.resolve('lighthouse'))).default;
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const dist = process.argv[2] ?? join(REPO, 'dist');
const site = await startServer({ root: dist, prefix: '/special-education-needs/funding-calculator/', port: 0 });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const out = join(REPO, 'tests/browser/artifacts');
mkdirSync(out, { recursive: true });
const rows = [];
try {
  for (const route of (process.env.LH_ROUTES ?? '#/,#/school').split(',')) {
    const runs = [];
    for (let i = 0; i < Number(process.env.LH_RUNS ?? 3); i++) {
      const r = await lighthouse(`${site.baseUrl}${route}`, { port: chrome.port, output: 'json', onlyCategories: ['performance', 'accessibility'], formFactor: 'mobile' });
      const a = r.lhr.audits;
      runs.push({ performance: Math.round(r.lhr.categories.performance.score * 100), accessibility: Math.round(r.lhr.categories.accessibility.score * 100), lcp_ms: Math.round(a['largest-contentful-paint'].numericValue), tbt_ms: Math.round(a['total-blocking-time'].numericValue), fcp_ms: Math.round(a['first-contentful-paint'].numericValue) });
      writeFileSync(join(out, `lighthouse-${route.replace(/[^a-z]/g, '') || 'home'}-${i + 1}.json`), r.report);
    }
    runs.sort((x, y) => x.performance - y.performance);
    const median = runs[Math.floor((runs.length - 1) / 2)];
    rows.push({ route, median, runs });
    console.log(`${route}: performance ${median.performance} (runs ${runs.map((r) => r.performance).join(', ')}), accessibility ${median.accessibility}, LCP ${median.lcp_ms} ms, TBT ${median.tbt_ms} ms, FCP ${median.fcp_ms} ms`);
  }
  writeFileSync(join(out, 'lighthouse.json'), JSON.stringify(rows, null, 2));
} finally {
  await chrome.kill();
  await site.close();
}
