import { launchBrowser, newPage, startSite, shippedCard } from './helpers.mjs';
import { senFunding } from './journeys-helpers.mjs';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path'; import { tmpdir } from 'node:os';
const scenario = JSON.parse(senFunding(['generate', '--communities', '50', '--schools', '600', '--pupils', '50000', '--seed', '1']).stdout);
delete scenario.rate_card_path; scenario.rate_card = shippedCard();
const file = join(mkdtempSync(join(tmpdir(), 'c-')), 'k.json'); writeFileSync(file, JSON.stringify(scenario));
const site = await startSite(); const browser = await launchBrowser();
for (const pin of [false, true]) {
  const { page } = await newPage(browser, site);
  await page.goto(`${site.baseUrl}#/rate-card`);
  if (pin) await page.locator('[data-pin-card="kent-illustrative-2025-high"]').click();
  else await page.locator('[data-pin-card]').first().waitFor();
  await page.goto(`${site.baseUrl}#/communities`);
  await page.locator('#community-table').waitFor({ timeout: 60000 });
  await page.locator('#community-file').setInputFiles(file);
  await page.locator('#community-import-status').filter({ hasText: '50,000 pupils' }).waitFor({ timeout: 180000 });
  await page.locator('#county-range-go').click();
  await page.locator('#county-range-result').waitFor({ timeout: 120000 });
  const out = [];
  for (let i = 0; i < 10; i++) {
    out.push(await page.evaluate(async (k) => {
      const b = document.querySelector(`[data-range-use="${k}"]`);
      const t0 = performance.now(); b.click();
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const f = document.getElementById('community-figures');
      return [Math.round(t1 - t0), Math.round(performance.now() - t0), f.dataset.calcMs, f.dataset.checkMs];
    }, i % 2 ? 0 : 4));
  }
  console.log(pin ? 'pinned' : 'no baseline', JSON.stringify(out.slice(3)));
}
await browser.close(); await site.close();
