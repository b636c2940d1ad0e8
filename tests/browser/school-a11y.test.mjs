// axe-core on the school workspace in each of its states: the example with results, empty,
// an import preview, rows with errors, a sheet to choose, an explanation open, on a desktop and
// a phone-sized screen. Screenshots of each go to tests/browser/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axe, formatViolations as format, newPage, screenshot, useSiteAndBrowser } from './helpers.mjs';
import { FIXTURES, changed, importFile, openWorkspace, rev, startOwnSchool } from './school-helpers.mjs';

const env = useSiteAndBrowser();

async function check(page, state) {
  const { violations, passes } = await axe(page);
  assert.ok(passes > 10, `axe ran on ${state}`);
  assert.deepEqual(violations, [], `${state}:\n${format(violations)}`);
}

for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'mobile', width: 375, height: 740 }]) {
  test(`axe: no WCAG 2.2 A/AA violation in any state of the workspace (${viewport.name})`, async () => {
    const { context, page, log } = await newPage(env.browser, env.site, { viewport });
    await openWorkspace(page, env.site);
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

    // A workbook: the sheet read, the others offered.
    await importFile(page, join(FIXTURES, 'pupils-openpyxl.xlsx'));
    await page.locator('#import-sheet').waitFor();
    await check(page, 'choose the sheet');
    await page.click('#import-cancel');

    // The mapping step: a register whose top-up column has a heading the calculator does not know.
    await page.setInputFiles('#import-file', { name: 'own.csv', mimeType: 'text/csv', buffer: Buffer.from('Adno,SEN Status,Band,Money\r\nR1,E,SA3,12000\r\n') });
    await page.locator('#import-mapping').waitFor();
    await check(page, 'mapping step');
    await page.click('#import-cancel');

    // The delete confirmation.
    await page.click('#delete-data');
    await page.locator('#delete-confirm').waitFor();
    await check(page, 'delete confirmation');

    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
}
