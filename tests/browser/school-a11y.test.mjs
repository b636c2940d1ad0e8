// axe-core on the school workspace in each of its states: the example with results, empty,
// an import preview, rows with errors, a sheet to choose, an explanation open, on a desktop and
// a phone-sized screen. Screenshots of each go to tests/browser/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage, screenshot, startSite } from './helpers.mjs';
import { FIXTURES, changed, importFile, openWorkspace, rev, startOwnSchool } from './school-helpers.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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

async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })), passes: r.passes.length };
  }, TAGS);
}

const format = (violations) => violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).join(', ')}`).join('\n');

async function check(page, state) {
  const { violations, passes } = await axe(page);
  assert.ok(passes > 10, `axe ran on ${state}`);
  assert.deepEqual(violations, [], `${state}:\n${format(violations)}`);
}

for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'mobile', width: 375, height: 740 }]) {
  test(`axe: no WCAG 2.2 A/AA violation in any state of the workspace (${viewport.name})`, async () => {
    const { context, page, log } = await newPage(browser, site, { viewport });
    await openWorkspace(page, site);
    await page.locator('#headline').waitFor();

    // The example, with results, an explanation open.
    await page.locator('#totals-ay tr[data-ay="2025/26"]').getByRole('button', { name: /Explain/ }).click();
    await check(page, 'example with results');
    await screenshot(page, `school-state-results-${viewport.name}`);

    // Empty.
    await startOwnSchool(page);
    await page.locator('#no-results[data-state="empty"]').waitFor();
    await check(page, 'empty');
    await screenshot(page, `school-state-empty-${viewport.name}`);

    // An import preview with a refused row.
    await importFile(page, join(FIXTURES, 'pupils-excel-windows-1252.csv'));
    await check(page, 'import preview');
    await screenshot(page, `school-state-preview-${viewport.name}`);

    // Rows with errors in the table.
    const b = await rev(page);
    await page.click('#import-all-button');
    await changed(page, b);
    await page.locator('#no-results[data-state="errors"]').waitFor();
    await check(page, 'with errors');
    await screenshot(page, `school-state-errors-${viewport.name}`);

    // A workbook: choose the sheet.
    await importFile(page, join(FIXTURES, 'pupils-openpyxl.xlsx'));
    await page.locator('#import-sheets').waitFor();
    await check(page, 'choose the sheet');

    // The delete confirmation.
    await page.click('#delete-data');
    await page.locator('#delete-confirm').waitFor();
    await check(page, 'delete confirmation');

    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
}
