// The school workspace as a new user would use it: the example on a first visit, a file
// Excel wrote on Windows with £ amounts and a bad row, fixing the row in the table, changing
// a band, the same totals from `sen-funding calc` on the saved workspace, a reload, exports
// imported again, a spreadsheet with its own layout, the rate card in force, print, delete.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RATE_CARD_URL, SUB_PATH, newPage, screenshot, shippedCard, useSiteAndBrowser } from './helpers.mjs';
import {
  FIXTURES, YEARS, changed, cliTotals, download, importFile, openWorkspace, pageTotals, rev, rowKey, startOwnSchool, tableIds,
} from './school-helpers.mjs';

const env = useSiteAndBrowser();
const tmp = mkdtempSync(join(tmpdir(), 'school-test-'));

describe('the example school', () => {
  test('a first visit shows the example school and its figures at once, clearly labelled', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const banner = page.locator('#example-banner');
    assert.match(await banner.innerText(), /Example school — made-up pupils/);
    await page.locator('#headline').waitFor();
    const totals = await pageTotals(page);
    assert.deepEqual(Object.keys(totals.years), YEARS);
    assert.deepEqual(Object.keys(totals.fys), ['2025-26', '2026-27', '2027-28', '2028-29']);
    // Every route of the new model is taken by some example pupil (the chart's table, which
    // comes with the rest of the code).
    await page.locator('#transition-chart').waitFor();
    const rows = await page.locator('#transition-chart table tbody th').allInnerTexts();
    for (const r of ['Tariff', 'Protected EHCP rate', 'Community, existing claim', 'Outside the new model', 'Still paid as now']) {
      assert.ok(rows.some((x) => x.includes(r)), `chart has ${r}: ${rows}`);
    }
    // The options side by side come with the rest of the module (a deferred section).
    await page.locator('#options-table tbody tr').first().waitFor();
    assert.equal(await page.locator('#options-table tbody tr').count(), 4);
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.csp, []);
    // The spreadsheet module is not fetched until it is used.
    assert.ok(!log.requests.some((u) => u.includes('/xlsx/')), 'no request for xlsx/ on first load');
    await screenshot(page, 'school-example');
    await context.close();
  });

  test('every figure explains itself with the engine\'s rules', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const row = page.locator('#totals-ay tr[data-ay="2026/27"]');
    await row.getByRole('button', { name: /Explain/ }).click();
    const body = row.locator('.app-explain__body');
    const text = await body.innerText();
    assert.match(text, /R7\.2/);
    assert.match(text, /R8/);
    assert.match(text, /R5\.8/);
    // A pupil's figure.
    const pupil = page.locator('#pupil-results-table tr[data-pupil="EX-01"]');
    await pupil.getByRole('button', { name: /Explain/ }).click();
    assert.match(await pupil.locator('.app-explain__body').innerText(), /R4\.[0-9]/);
    // An option of A–D.
    const option = page.locator('#options-table tr[data-option="C"]');
    await option.getByRole('button', { name: /Explain/ }).click();
    assert.match(await option.locator('.app-explain__body').innerText(), /Under option C/);
    await context.close();
  });
});

describe('a new user with their own file', () => {
  test('import a Windows-1252 CSV with £ amounts and a bad row, fix it, change a band, compare with sen-funding calc, reload, export and import again', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await startOwnSchool(page, { name: 'Test Primary School', urn: '123456' });
    assert.equal(await page.locator('#example-banner').count(), 0);
    assert.equal(await page.locator('#no-results').getAttribute('data-state'), 'empty');

    // Import: the preview lists the accepted rows and the bad one with its line and reason.
    await importFile(page, join(FIXTURES, 'pupils-excel-windows-1252.csv'));
    const preview = page.locator('#import-preview');
    assert.match(await preview.innerText(), /Read as CSV, Windows-1252/);
    assert.equal(await preview.getAttribute('data-accepted'), '11');
    assert.equal(await preview.getAttribute('data-rejected'), '1');
    const bad = page.locator('#import-rejected tbody tr');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute('data-line'), '7');
    assert.match(await bad.innerText(), /P006[\s\S]*unknown band "SA9"/);
    // £ and thousands read from Windows-1252 bytes.
    assert.match(await page.locator('#import-accepted tr[data-line="2"]').innerText(), /£12,000\.00/);
    await screenshot(page, 'school-import-preview');

    // Put every row in the table and fix the bad one there.
    const before1 = await rev(page);
    await page.click('#import-all-button');
    await changed(page, before1);
    const summary = page.locator('.govuk-error-summary').first();
    await summary.waitFor();
    assert.match(await summary.innerText(), /Row 6 \(P006\), band: unknown band "SA9"/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'the summary takes focus after an import');
    assert.equal(await page.locator('#no-results').getAttribute('data-state'), 'errors');
    const key = await rowKey(page, 'P006');
    assert.ok(key);
    // The faulty cell keeps what the file said, and says what is wrong beside it.
    assert.equal(await page.locator(`#pupil-${key}-band`).inputValue(), 'SA9');
    assert.match(await page.locator(`#pupil-${key}-band-error`).innerText(), /unknown band "SA9"/);
    assert.equal(await page.locator(`#pupil-${key}-band`).getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'school-errors');
    // The link in the summary leads to the cell.
    await summary.getByRole('link', { name: /P006/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), `pupil-${key}-band`);
    await page.selectOption(`#pupil-${key}-band`, 'SA3');
    await page.locator('#headline').waitFor();
    assert.equal(await page.locator('.govuk-error-summary').count(), 0);

    // Change another pupil's band: the totals follow.
    const t1 = await pageTotals(page);
    const k2 = await rowKey(page, 'P002');
    const before2 = await rev(page);
    await page.selectOption(`#pupil-${k2}-band`, 'SA5');
    await changed(page, before2);
    const t2 = await pageTotals(page);
    assert.notEqual(t2.years['2026/27'].direct, t1.years['2026/27'].direct, 'the band change changes the 2026/27 total');

    // Save the workspace; the command-line tool gives the same figures for the file.
    const saved = await download(page, () => page.click('#save-scenario'));
    assert.match(saved.name, /^test-primary-school-workspace\.json$/);
    const scenario = JSON.parse(saved.bytes.toString('utf8'));
    assert.ok(scenario.rate_card, 'the rate card is inline');
    assert.equal(scenario.schools[0].pupils.length, 12);
    const file = join(tmp, 'saved.json');
    writeFileSync(file, saved.bytes);
    const cli = cliTotals(file);
    const shown = await pageTotals(page);
    assert.deepEqual(shown.years, cli.years, 'AY totals: page and sen-funding calc');
    assert.deepEqual(shown.fys, cli.fys, 'FY totals: page and sen-funding calc');

    // Reload: everything is still there.
    await page.waitForFunction(() => document.querySelector('#autosave-status')?.dataset.saved === 'true');
    await page.reload();
    await page.locator('.app-ws-workspace').waitFor();
    await page.locator('#restored-notice').waitFor();
    assert.equal(await page.inputValue('#school-name'), 'Test Primary School');
    assert.equal(await page.inputValue('#school-urn'), '123456');
    assert.deepEqual((await tableIds(page)).slice(0, 3), ['P001', 'P002', 'P003']);
    assert.equal(await page.locator(`#pupil-${await rowKey(page, 'P002')}-band`).inputValue(), 'SA5');
    assert.equal(await page.locator(`#pupil-${await rowKey(page, 'P006')}-band`).inputValue(), 'SA3');
    assert.deepEqual(await pageTotals(page), shown, 'the same totals after a reload');

    // Export the pupils' figures as CSV and import the export again: the same totals.
    const csv = await download(page, () => page.click('#export-pupils-csv'));
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
    const csvText = csv.bytes.toString('utf8');
    assert.match(csvText, /^\uFEFFid,setting,band,ehcp,current_e3,year_group,start,end,2024\/25 route/);
    await importFile(page, csv.path);
    assert.equal(await page.locator('#import-preview').getAttribute('data-accepted'), '12');
    assert.equal(await page.locator('#import-preview').getAttribute('data-rejected'), '0');
    let b = await rev(page);
    await page.click('#import-accepted-button');
    await changed(page, b);
    assert.deepEqual(await pageTotals(page), shown, 'the CSV export imported again gives the same totals');

    // The same with the Excel export: it has several sheets; the pupils' is chosen.
    const xlsx = await download(page, () => page.click('#export-xlsx'));
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
    assert.ok(log.requests.some((u) => /\/xlsx\/xlsx_bg-[0-9a-f]{16}\.wasm$/.test(u)), 'the spreadsheet module was loaded on use');
    await importFile(page, xlsx.path);
    await page.locator('#import-preview').waitFor();
    assert.equal(await page.locator('#import-sheet').inputValue(), '0', 'the Pupils sheet is read; the others are offered');
    assert.equal(await page.locator('#import-preview').getAttribute('data-accepted'), '12');
    b = await rev(page);
    await page.click('#import-accepted-button');
    await changed(page, b);
    assert.deepEqual(await pageTotals(page), shown, 'the Excel export imported again gives the same totals');

    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.csp, [], 'no CSP violation, the spreadsheet module included');
    assert.deepEqual(log.blocked, []);
    await screenshot(page, 'school-results');
    await context.close();
  });

  test('a workbook from a spreadsheet program: choose the sheet, find the header row, every bad row reported', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await startOwnSchool(page);
    await importFile(page, join(FIXTURES, 'pupils-openpyxl.xlsx'));
    // The notes sheet has no pupil columns; the pupils' sheet is read, its header on row 4.
    assert.match(await page.locator('#import-sheet option[value="0"]').innerText(), /no row with the pupil columns/);
    assert.match(await page.locator('#import-sheet option[value="1"]').innerText(), /row 4/);
    assert.equal(await page.locator('#import-sheet').inputValue(), '1');
    const preview = page.locator('#import-preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /sheet “Pupils 2025”, header on row 4/);
    assert.equal(await preview.getAttribute('data-accepted'), '5');
    assert.equal(await preview.getAttribute('data-rejected'), '1');
    const bad = page.locator('#import-rejected tbody tr');
    assert.equal(await bad.getAttribute('data-line'), '10');
    assert.match(await bad.innerText(), /X06[\s\S]*Current E3 a year/);
    // Dates, numbers and booleans as the spreadsheet stored them.
    assert.match(await page.locator('#import-accepted tr[data-line="8"]').innerText(), /From 01\/09\/2025/);
    assert.match(await page.locator('#import-accepted tr[data-line="6"]').innerText(), /£5,500\.50/);
    assert.match(await page.locator('#import-accepted tr[data-line="9"]').innerText(), /Until 22\/07\/2027/);
    const b = await rev(page);
    await page.click('#import-accepted-button');
    await changed(page, b);
    await page.locator('#headline').waitFor();
    assert.equal((await tableIds(page)).length, 5);
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.csp, []);
    await context.close();
  });

  test('a file that is not a pupil list is refused with the reason, and nothing changes', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const file = join(tmp, 'wrong.csv');
    writeFileSync(file, 'name,amount\r\nJane Smith,100\r\n');
    await importFile(page, file);
    assert.match(await page.locator('#import-problem').innerText(), /No header row found[\s\S]*id, band, ehcp and current_e3/);
    // The columns can still be chosen; the column of names is never offered.
    assert.equal(await page.locator('#import-map-id option').count(), 2);
    await page.click('#import-cancel');
    assert.equal(await page.locator('#example-banner').count(), 1, 'the workspace is unchanged');
    await context.close();
  });
});

describe('the table', () => {
  test('add, duplicate, delete and undo rows; an id like a name is warned about; text that could be a formula is neutralised on export', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await startOwnSchool(page);
    await page.click('#add-pupil');
    let ids = await tableIds(page);
    assert.deepEqual(ids, ['P001']);
    const k1 = await rowKey(page, 'P001');
    // Focus goes to the new row's first empty cell.
    assert.equal(await page.evaluate(() => document.activeElement?.id), `pupil-${k1}-band`);
    assert.match(await page.locator(`#pupil-${k1}-band-error`).innerText(), /band: is missing/i);
    await page.selectOption(`#pupil-${k1}-band`, 'SA2');
    await page.selectOption(`#pupil-${k1}-ehcp`, 'yes');
    await page.fill(`#pupil-${k1}-current_e3`, '£4,000');
    await page.press(`#pupil-${k1}-current_e3`, 'Tab');
    await page.locator('#headline').waitFor();
    // Duplicate: a copy with a new id.
    await page.click(`#pupil-${k1}-duplicate`);
    ids = await tableIds(page);
    assert.deepEqual(ids, ['P001', 'P002']);
    const k2 = await rowKey(page, 'P002');
    assert.equal(await page.locator(`#pupil-${k2}-band`).inputValue(), 'SA2');
    assert.equal(await page.evaluate(() => document.activeElement?.id), `pupil-${k2}-id`);
    // An id like a name: a warning (not an error), and figures still shown.
    await page.fill(`#pupil-${k2}-id`, 'Jane Smith');
    await page.press(`#pupil-${k2}-id`, 'Tab');
    await page.locator(`#pupil-${k2}-id-warning`).waitFor();
    assert.match(await page.locator(`#pupil-${k2}-id-warning`).innerText(), /looks like a person's name/);
    assert.equal(await page.locator('#headline').count(), 1);
    // A duplicate id is an error.
    await page.fill(`#pupil-${k2}-id`, 'P001');
    await page.press(`#pupil-${k2}-id`, 'Tab');
    await page.locator(`#pupil-${k2}-id-error`).waitFor();
    assert.match(await page.locator(`#pupil-${k2}-id-error`).innerText(), /already used on row 1/);
    // Text that a spreadsheet could take for a formula.
    await page.fill(`#pupil-${k2}-id`, '=1+2');
    await page.press(`#pupil-${k2}-id`, 'Tab');
    await page.locator('#headline').waitFor();
    const csv = await download(page, () => page.click('#export-pupils-csv'));
    assert.match(csv.bytes.toString('utf8'), /\r\n'=1\+2,mainstream,SA2/);
    // Delete and undo.
    await page.click(`#pupil-${k2}-delete`);
    assert.deepEqual(await tableIds(page), ['P001']);
    await page.click('#undo-delete');
    assert.deepEqual(await tableIds(page), ['P001', '=1+2']);
    await context.close();
  });

  test('only the keyboard: start, fill in the school, add a pupil, choose a band, see the figures', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    await page.focus('#start-own');
    await page.keyboard.press('Enter');
    assert.equal(await focused(), 'school-name');
    await page.keyboard.type('Keyboard School');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'school-urn');
    await page.keyboard.type('654321');
    // Tab on to the "Add a pupil" button, counting the stops on the way.
    let stops = 0;
    while ((await focused()) !== 'add-pupil' && stops < 80) {
      await page.keyboard.press('Tab');
      stops++;
    }
    assert.equal(await focused(), 'add-pupil', 'the add button is reachable by Tab');
    await page.keyboard.press('Enter');
    const key = await rowKey(page, 'P001');
    assert.equal(await focused(), `pupil-${key}-band`);
    // A select changes with the arrow keys.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), `pupil-${key}-ehcp`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2500');
    await page.keyboard.press('Tab');
    await page.locator('#headline').waitFor();
    assert.equal(await page.inputValue('#school-name'), 'Keyboard School');
    // Every control shows where the focus is (a visible outline or colour change).
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    await context.close();
  });
});

describe('opening a saved workspace', () => {
  test('a saved file opens to the same figures; a faulty file is refused with every error, or opened to fix', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const example = await pageTotals(page);
    const saved = await download(page, () => page.click('#save-scenario'));
    const file = join(tmp, 'example.json');
    writeFileSync(file, saved.bytes);
    assert.deepEqual(cliTotals(file).years, example.years, 'the example: page and sen-funding calc');
    // In another browser (a new context: empty storage), open the file.
    const other = await newPage(env.browser, env.site);
    await openWorkspace(other.page, env.site);
    await startOwnSchool(other.page, { name: 'Something else' });
    const b = await rev(other.page);
    await other.page.setInputFiles('#open-scenario', file);
    await changed(other.page, b);
    await other.page.locator('#headline').waitFor();
    assert.equal(await other.page.inputValue('#school-name'), 'Example Primary School (made up)');
    assert.deepEqual(await pageTotals(other.page), example);
    // A faulty file: every error with its path, nothing changed; then opened anyway to fix.
    const bad = JSON.parse(saved.bytes.toString('utf8'));
    bad.schools[0].pupils[3].band = 'SA9';
    bad.schools[0].pupils[4].curent_e3 = '5';
    const badFile = join(tmp, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    await other.page.setInputFiles('#open-scenario', badFile);
    const refused = other.page.locator('#open-refused');
    await refused.waitFor();
    const text = await refused.innerText();
    assert.match(text, /schools\[0\]\.pupils\[3\]\.band: unknown band "SA9"/);
    assert.match(text, /schools\[0\]\.pupils\[4\]\.curent_e3: unknown key/);
    assert.deepEqual(await pageTotals(other.page), example, 'nothing changed');
    const b2 = await rev(other.page);
    await other.page.click('#open-anyway');
    await changed(other.page, b2);
    assert.match(await other.page.locator('.govuk-error-summary').first().innerText(), /Row 4 \(EX-04\), band: unknown band "SA9"/);
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(other.log.pageErrors, []);
    await other.context.close();
    await context.close();
  });

  test('a problem on another page of the table: the summary link shows that page and focuses the cell', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await startOwnSchool(page);
    const lines = ['id,setting,band,ehcp,current_e3'];
    for (let i = 1; i <= 40; i++) lines.push(`Q${i},mainstream,${i === 33 ? 'SA7' : 'S'},no,${i * 10}`);
    const file = join(tmp, 'forty.csv');
    writeFileSync(file, lines.join('\n'));
    await importFile(page, file);
    const b = await rev(page);
    await page.click('#import-all-button');
    await changed(page, b);
    await page.locator('.govuk-error-summary').first().getByRole('link', { name: /Q33/ }).click();
    const key = await page.evaluate(() => document.activeElement?.id);
    assert.match(key, /^pupil-\d+-band$/);
    assert.equal(await page.locator(`#${key}`).inputValue(), 'SA7');
    // Only the rows with problems.
    await page.check('#pupils-problems-only');
    assert.deepEqual(await tableIds(page), ['Q33']);
    await context.close();
  });
});

describe('details and options', () => {
  test('the Community\'s protection option changes the 2025/26 figures, and A–D are side by side', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    const direct = async () => (await pageTotals(page)).years['2025/26'].direct;
    const underB = await direct();
    const optionA = await page.locator('#options-table tr[data-option="A"] [data-figure=direct]').innerText();
    const b = await rev(page);
    await page.check('#community-protection-A');
    await changed(page, b);
    assert.equal(`£${Number(await direct()).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`, optionA.trim());
    assert.notEqual(await direct(), underB);
    assert.match(await page.locator('#options-table tr[data-option="A"]').innerText(), /In force/);
    // Option B's rate: 75% protects more than the default 50%.
    await page.check('#community-protection-B');
    const b2 = await rev(page);
    await page.fill('#community-protection-rate', '75');
    await page.press('#community-protection-rate', 'Tab');
    await changed(page, b2);
    assert.ok(Number(await direct()) > Number(underB));
    // A bad value is refused beside the field and in the summary, and no figure is shown.
    await page.fill('#community-protection-rate', '175');
    await page.press('#community-protection-rate', 'Tab');
    await page.locator('#community-protection-rate-error').waitFor();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Share protected under option B: must be a percentage/);
    assert.equal(await page.locator('#headline').count(), 0);
    await context.close();
  });

  test('the figures follow the rate card in force', async () => {
    const card = shippedCard();
    card.bands.find((x) => x.code === 'SA3').rate = '13000';
    const { context, page } = await newPage(env.browser, env.site, {
      fulfil: (url) => (url.pathname === `${SUB_PATH}${RATE_CARD_URL}` ? { status: 200, contentType: 'application/json', body: JSON.stringify(card) } : undefined),
    });
    await openWorkspace(page, env.site);
    await page.selectOption('#pupil-results-period', 'ay:2');
    assert.equal((await page.locator('#pupil-results-table tr[data-pupil="EX-01"] [data-figure=e3]').innerText()).trim(), '£13,000.00');
    await context.close();
  });

  test('print: a clean report with the rate card status, without the forms', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#print-card-status').isVisible());
    assert.match(await page.locator('#print-card-status').innerText(), /Illustrative rates — not the council's decision/);
    assert.ok(!(await page.locator('#school-name').isVisible()));
    assert.ok(!(await page.locator('#import-file').isVisible()));
    assert.ok(await page.locator('#totals-ay').isVisible());
    await page.locator('#transition-chart').waitFor({ state: 'attached' });
    assert.ok(await page.locator('#transition-chart svg.app-chart__svg').isVisible());
    await page.pdf({ path: join(tmp, 'report.pdf') });
    await context.close();
  });

  /** What the calculator keeps for `key` in this browser (IndexedDB, as web/src/storage.rs keeps it). */
  const saved = (page, key) => page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open('kent-sen-funding', 1);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('saved')) { db.close(); resolve(null); return; }
      const get = db.transaction('saved').objectStore('saved').get(key);
      get.onsuccess = () => { db.close(); resolve(get.result ?? localStorage.getItem(key)); };
      get.onerror = () => reject(get.error);
    };
  }), key);

  test('delete all my data from this browser, after a confirmation', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openWorkspace(page, env.site);
    await startOwnSchool(page, { name: 'To Be Deleted' });
    await page.waitForFunction(() => document.querySelector('#autosave-status')?.dataset.saved === 'true');
    assert.ok((await saved(page, 'kent-sen-funding.school-workspace'))?.includes('To Be Deleted'));
    await page.click('#delete-data');
    await page.locator('#delete-confirm').waitFor();
    await page.click('#delete-confirm-yes');
    await page.locator('#example-banner').waitFor();
    assert.equal(await saved(page, 'kent-sen-funding.school-workspace'), null);
    await page.reload();
    await page.locator('#example-banner').waitFor();
    assert.equal(await saved(page, 'kent-sen-funding.school-workspace'), null);
    await context.close();
  });
});
