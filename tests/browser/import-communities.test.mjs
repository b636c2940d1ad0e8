// The Community list goes through the one import pipeline the pupils use:
// a county workbook with a "Read me" sheet first, the Communities on the second sheet under
// title rows, its own headings and one heading the calculator does not know → the sheet
// choice → the mapping step (each column with its first values) → the preview → accept; the
// Communities read equal `sen-funding import communities --column`, and every figure shown
// equals `sen-funding calc` on the same data. Bad inputs (an empty sheet, a header row repeated
// half-way down) get a clear message and change nothing, and an edit made while the preview is
// open survives accepting it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, newPage, screenshot, useSiteAndBrowser } from './helpers.mjs';
import { assertNoAxeViolations, assertTableMatchesCalc, calcOfPage, openJourney, senFunding } from './journeys-helpers.mjs';

const REGISTERS = join(REPO, 'tests/fixtures/registers');
const WORKBOOK = join(REGISTERS, 'communities-own-headings.xlsx');

const env = useSiteAndBrowser();

const rows = (page) => page.locator('#community-table tbody tr').count();
const origin = (page) => page.locator('#community-origin').getAttribute('data-origin');

describe('importing Communities through the shared pipeline', () => {
  test('sheet choice, mapping step, preview, accept: the figures are sen-funding calc\'s on the same data', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/communities', '#community-table');
    assert.equal(await rows(page), 50);

    const chosen = Date.now();
    await page.locator('#community-file').setInputFiles(WORKBOOK);
    // No header found: the heading "Pupils 5 to 16" is not one the calculator knows.
    const problem = page.locator('#community-import-problem');
    await problem.waitFor({ timeout: 10000 });
    const toStep = Date.now() - chosen;
    const said = await problem.innerText();
    assert.match(said, /communities-own-headings\.xlsx needs a hand/);
    assert.match(said, /No header row found[\s\S]*row 4[\s\S]*no column for pupils[\s\S]*"Pupils 5 to 16"/);
    assert.match(said, /Nothing in the Communities' data has changed/);
    assert.doesNotMatch(said, /R10/, 'no rule numbers in messages');
    assert.equal(await page.locator('#community-import-preview').count(), 0, 'no preview before every field has a column');

    // The sheet choice: both sheets offered, the second read.
    const sheet = page.locator('#community-import-sheet');
    assert.equal(await sheet.inputValue(), '1');
    const options = await sheet.locator('option').allInnerTexts();
    assert.equal(options.length, 2);
    assert.match(options[0], /^Read me — 3 rows, no row with the Community columns/);
    assert.match(options[1], /^Communities 2025-26 — 8 rows/);
    // The user looks at the first sheet, then comes back to the second.
    await sheet.selectOption('0');
    await problem.filter({ hasText: 'the sheet "Read me"' }).waitFor();
    await sheet.selectOption('1');
    await problem.filter({ hasText: 'Pupils 5 to 16' }).waitFor();

    // The mapping step: every field the headings name has its column; pupils has none, and its
    // select offers each column with its first values.
    const mapping = page.locator('#community-import-mapping');
    await mapping.waitFor();
    assert.equal(await page.locator('#community-import-map-id').inputValue(), '0');
    assert.equal(await page.locator('#community-import-map-historic').inputValue(), '12');
    assert.equal(await page.locator('#community-import-map-pupils').inputValue(), '');
    assert.match(await page.locator('label[for="community-import-map-pupils"]').innerText(), /^Pupils aged 5–16 \(required\)/);
    assert.equal(await page.locator('#community-import-map-pupils option[value="3"]').innerText(), 'Pupils 5 to 16 (column D) — “11200”, “9650”, “7420”');
    await assertNoAxeViolations(page, 'Community import, the mapping step');
    await screenshot(page, 'import-communities-mapping');
    assert.equal(await rows(page), 50, 'nothing changes while the columns are chosen');

    const mapped = Date.now();
    await page.locator('#community-import-map-pupils').selectOption('3');
    const preview = page.locator('#community-import-preview');
    await preview.waitFor();
    const toPreview = Date.now() - mapped;
    assert.equal(await preview.getAttribute('data-accepted'), '5');
    assert.equal(await preview.getAttribute('data-rejected'), '0');
    const checkedMs = Number(await preview.getAttribute('data-elapsed-ms'));
    assert.match(await preview.innerText(), /Read as Excel workbook \(\.xlsx\), sheet “Communities 2025-26”, header on row 4: 5 rows accepted, 0 with problems/);
    assert.match(await page.locator('#community-import-columns').textContent(), /Pupils aged 5–16: “Pupils 5 to 16” \(column D\)/);
    const shown = await page.locator('#community-import-accepted tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.deepEqual(shown[1], ['6', 'K02', 'Canterbury City', '9,650', '640 / 690 / 815 / 770 / 790 / 905', '77', '1,680', '£1,455,250.50', "The rate card's"]);
    await assertNoAxeViolations(page, 'Community import, the preview');
    await screenshot(page, 'import-communities-preview');
    assert.equal(await rows(page), 50, 'nothing changes before the preview is accepted');
    assert.equal(await origin(page), 'example');

    // Accept: the five Communities replace the example's fifty.
    await page.locator('#community-import-accepted-button').click();
    const status = page.locator('#community-import-status');
    await status.filter({ hasText: 'Imported 5 Communities' }).waitFor();
    assert.equal(await status.innerText(), 'Imported 5 Communities from communities-own-headings.xlsx: Excel workbook (.xlsx), sheet “Communities 2025-26”, header on row 4.');
    assert.equal(await page.locator('#community-import-preview').count(), 0);
    assert.equal(await origin(page), 'file');
    assert.equal(await rows(page), 5);

    // The same Communities as the command line reads, and every figure its calculation's.
    const { scenario, result } = await calcOfPage(page);
    const cli = JSON.parse(senFunding(['import', 'communities', WORKBOOK, '--column', 'pupils=Pupils 5 to 16']).stdout);
    // (The page's scenario writes counts as typed, "11200"; the command line as numbers.)
    const counts = (v) => JSON.parse(JSON.stringify(v), (_, x) => (typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x));
    assert.deepEqual(counts(scenario.communities), counts(cli), 'sen-funding import communities reads the same Communities');
    assert.equal(scenario.communities[1].historic, '1455250.50');
    assert.equal(scenario.schools.length, 0, 'the example\'s schools belong to its Communities, not these');
    const years = Object.keys(scenario.pots);
    assert.equal(years.length, 4);
    await assertTableMatchesCalc(page, result, years);

    // Undo: the example is back.
    await page.locator('#community-undo').click();
    await page.locator('#community-origin[data-origin="example"]').waitFor();
    assert.equal(await rows(page), 50);
    assert.deepEqual(log.pageErrors, []);
    console.log(`Community workbook: file chosen to the mapping step ${toStep} ms; column chosen to preview shown ${toPreview} ms (checked in ${checkedMs} ms in the page)`);
    await context.close();
  });

  test('an empty sheet and a header row repeated half-way down: a clear message, nothing changed; an edit made meanwhile survives', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/communities', '#community-table');
    const before = await page.locator('#community-table tbody').innerText();

    // A workbook whose one sheet is empty: refused, saying which sheet and what to do.
    const started = Date.now();
    await page.locator('#community-file').setInputFiles(join(REGISTERS, 'empty-sheet.xlsx'));
    const failed = page.locator('#community-import-failed');
    await failed.waitFor({ timeout: 5000 });
    const waited = Date.now() - started;
    assert.match(await failed.innerText(), /empty-sheet\.xlsx could not be imported[\s\S]*The sheet "Sheet1" is empty: there are no rows to read\. Check that this is the right file\.[\s\S]*Nothing in the Communities' data has changed\./);
    assert.doesNotMatch(await failed.innerText(), /R10/);
    assert.equal(await page.locator('#community-table tbody').innerText(), before, 'the Communities are unchanged');
    assert.equal(await origin(page), 'example');
    assert.equal(await page.locator('#community-undo').count(), 0, 'nothing to undo: nothing changed');
    await assertNoAxeViolations(page, 'Community import, an empty sheet');

    // A list printed page by page: the header again on line 4 is skipped, and the preview says so.
    const head = 'id,name,pupils,idaci_a,idaci_b,idaci_c,idaci_d,idaci_e,idaci_f,lac,lpa,historic';
    const csv = [head, 'R1,Romney Marsh,5100,40,80,150,300,420,700,12,500,410000', 'R2,Rye Road,4300,30,60,120,250,380,600,9,450,365000.25',
      head, 'R3,Hythe Hills,6100,55,90,170,330,460,760,14,610,480000', ''].join('\r\n');
    await page.locator('#community-file').setInputFiles({ name: 'paged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = page.locator('#community-import-preview');
    await preview.waitFor({ timeout: 5000 });
    assert.equal(await preview.getAttribute('data-accepted'), '3');
    assert.equal(await page.locator('#community-import-notices').innerText(), 'Line 4 repeats the header row again, and was skipped.');
    assert.equal(await page.locator('#community-table tbody').innerText(), before, 'nothing changes before the preview is accepted');
    await page.locator('#community-import-cancel').click();
    await preview.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#community-table tbody').innerText(), before, 'nothing changes when the preview is cancelled');

    // Cells pasted on the page (not into a field) go through the same pipeline: without their
    // header row, read in the calculator's order.
    const paste = (selector, text) => page.evaluate(({ selector, text }) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
    }, { selector, text });
    const block = 'R9\tRiver Valley\t2100\t10\t20\t30\t40\t50\t60\t3\t150\t210000\n';
    await paste('#pot-2027', block);
    await page.waitForTimeout(300);
    assert.equal(await preview.count(), 0, 'cells pasted into a field are the field\'s');
    await paste('#community-import', block);
    await preview.waitFor({ timeout: 5000 });
    assert.equal(await preview.getAttribute('data-accepted'), '1');
    assert.match(await preview.innerText(), /Read as pasted cells without a header row/);
    await page.locator('#community-import-cancel').click();
    await preview.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#community-table tbody').innerText(), before);

    // The same file again; a pot typed while its preview is open is kept when it is accepted.
    await page.locator('#community-file').setInputFiles({ name: 'paged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await preview.waitFor();
    const pot = page.locator('#pot-2027');
    await pot.fill('9876543.21');
    await page.locator('#community-import-accepted-button').click();
    await page.locator('#community-import-status').filter({ hasText: 'Imported 3 Communities from paged.csv: CSV, UTF-8, header on line 1.' }).waitFor();
    assert.equal(await rows(page), 3);
    assert.equal(await pot.inputValue(), '9876543.21', 'the pot typed meanwhile is kept');
    const { scenario } = await calcOfPage(page);
    assert.equal(scenario.pots['2027/28'], '9876543.21');
    assert.deepEqual(scenario.communities.map((c) => c.id), ['R1', 'R2', 'R3']);
    // Undo brings back the Communities, with the pot as typed.
    await page.locator('#community-undo').click();
    await page.locator('#community-origin[data-origin="example"]').waitFor();
    assert.equal(await pot.inputValue(), '9876543.21');
    assert.deepEqual(log.pageErrors, []);
    console.log(`empty workbook: message shown ${waited} ms after the file was chosen`);
    await context.close();
  });
});

// The fixture is the one the native test reads (tests/register.rs); make sure it is there.
readFileSync(WORKBOOK);
