// R11 in the school workspace: pupils move up a year each September and leavers leave. A new
// school starts with its year groups as recorded in the academic year that holds today (R11.1);
// a register with Year 6 pupils and others is imported, "recorded in 2026/27" and "last year
// group 6" are set (R11.3), and the Year 6 pupils' funding stops after 2026/27: none in
// 2027/28, on screen and in `sen-funding calc` of the saved workspace, whose totals are the
// page's. The table "Pupils joining and leaving, year by year" counts them; the fields' faults
// are shown at the fields (R10.5); the fields survive a reload and a saved file opened again;
// the example school uses R11 too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPage, screenshot, startSite } from './helpers.mjs';
import { changed, cliTotals, download, importAccepted, openWorkspace, pageTotals, plain, rev, startOwnSchool } from './school-helpers.mjs';

let site;
let browser;
const tmp = mkdtempSync(join(tmpdir(), 'r11-test-'));
before(async () => {
  site = await startSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const AS_AT = '#school-year-groups-as-at';
const LAST = '#school-last-year-group';
const MOVERS = '#movers-table';
// The AYs in the order of the pupils' figures' period select (`ay:0` …).
const AY_IX = { '2024/25': 0, '2025/26': 1, '2026/27': 2, '2027/28': 3, '2028/29': 4 };

/** The academic year (September to August) that holds today, as the page writes it. */
function todaysAy() {
  const d = new Date();
  const y = d.getMonth() >= 8 ? d.getFullYear() : d.getFullYear() - 1;
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}

// A small register as at 2026/27: three Year 6 pupils and five others, one of whom (N2, with a
// start date in September 2027) joins in Reception in 2027/28.
const YEAR_6 = ['R01', 'R02', 'R03'];
const REGISTER = [
  'id,setting,band,ehcp,current_e3,year_group,start,end',
  'R01,mainstream,SA3,yes,12000,6,,',
  'R02,mainstream,SA2,yes,6000,6,,',
  'R03,mainstream,S,no,3000,6,,',
  'R04,mainstream,SA3,yes,12000,5,,',
  'R05,mainstream,SA1,yes,4000,3,,',
  'R06,mainstream,SA2,yes,5500,R,,',
  'R07,mainstream,SA4,yes,9000,N2,2027-09-01,',
  'R08,srp,SA4,yes,14000,1,,',
].join('\r\n') + '\r\n';

/** `12,345.67` or `12345.67` → pence, exactly (no floating point). */
function pence(text) {
  const t = plain(text) ?? '0';
  const [whole, frac = ''] = t.replace('-', '').split('.');
  const p = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  return t.startsWith('-') ? -p : p;
}

/** Sets the two R11 fields, waiting for the workspace to take each change. */
async function setR11(page, asAt, last) {
  if ((await page.inputValue(AS_AT)) !== asAt) {
    const b = await rev(page);
    await page.fill(AS_AT, asAt);
    await page.press(AS_AT, 'Tab');
    await changed(page, b);
  }
  if ((await page.inputValue(LAST)) !== last) {
    const b = await rev(page);
    await page.selectOption(LAST, last);
    await changed(page, b);
  }
}

/** A pupil's figure in the pupils' figures for an AY. */
async function pupilFigure(page, ay, id, figure) {
  await page.selectOption('#pupil-results-period', `ay:${AY_IX[ay]}`);
  await page.locator('#pupil-results-caption').filter({ hasText: ay }).waitFor();
  return (await page.locator(`#pupil-results-table tr[data-pupil="${id}"] [data-figure="${figure}"]`).innerText()).trim();
}

/** The movers table's figures for an AY, as text. */
async function movers(page, ay) {
  const row = page.locator(`${MOVERS} tr[data-ay="${ay}"]`);
  await row.waitFor();
  const cell = async (sel) => ((await row.locator(sel).count()) ? (await row.locator(sel).innerText()).trim() : '');
  const out = {};
  for (const f of ['on-roll', 'joining', 'leaving']) {
    out[f] = await cell(`[data-figure="${f}"]`);
    out[`${f}-e3`] = await cell(`[data-figure="${f}-e3"]`);
    out[`${f}-groups`] = await cell(`[data-groups="${f}"]`);
  }
  return out;
}

describe('a new school looking ahead (R11)', () => {
  test('recorded in 2026/27, last year group 6: the Year 6 pupils leave after 2026/27, on screen and in sen-funding calc', async () => {
    const { context, page, log } = await newPage(browser, site);
    await openWorkspace(page, site);
    await startOwnSchool(page, { name: 'Moving Up Primary', urn: '118111' });
    // R11.1: a new school's year groups are as at today's AY, shown and changeable.
    assert.equal(await page.inputValue(AS_AT), todaysAy());
    assert.equal(await page.inputValue(LAST), '', 'the last year group is not set');
    const offered = await page.locator(`${LAST} option`).evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered, ['', '6', '11', '13', '14']);
    // Labelled and hinted, GOV.UK style.
    assert.equal((await page.locator(`label[for="${AS_AT.slice(1)}"]`).innerText()).trim(), 'Year groups as recorded in');
    assert.equal((await page.locator(`label[for="${LAST.slice(1)}"]`).innerText()).trim(), "The school's last year group");
    assert.match(await page.locator(AS_AT).getAttribute('aria-describedby'), /school-year-groups-as-at-hint/);

    await importAccepted(page, 'register-2026-27.csv', Buffer.from(REGISTER, 'utf8'));
    await setR11(page, '2026/27', '6');
    await page.locator('#headline').waitFor();

    // Each pupil's figures: a Year 6 pupil is in Year 6 and funded in 2026/27, in Year 7 and
    // off roll in 2027/28 (R11.2, R11.3).
    await page.locator('#pupil-results-table').waitFor({ timeout: 30000 });
    assert.equal(await pupilFigure(page, '2026/27', 'R01', 'year-group'), 'Year 6');
    assert.ok(pence(await pupilFigure(page, '2026/27', 'R01', 'e3')) > 0n, 'R01 is funded in 2026/27');
    for (const id of YEAR_6) {
      assert.equal(await pupilFigure(page, '2027/28', id, 'year-group'), 'Year 7', id);
      assert.equal(await pupilFigure(page, '2027/28', id, 'e3'), '£0.00', `${id}: no Element 3 in 2027/28`);
      assert.equal(await pupilFigure(page, '2027/28', id, 'current'), '£0.00', `${id}: nothing under the current system either`);
      assert.match(await page.locator(`#pupil-results-table tr[data-pupil="${id}"] [data-flag="off-roll"]`).innerText(), /Left the school after Year 6/);
    }
    // A Year 5 pupil of 2026/27 is still there in 2027/28, in Year 6.
    assert.equal(await pupilFigure(page, '2027/28', 'R04', 'year-group'), 'Year 6');
    assert.ok(pence(await pupilFigure(page, '2027/28', 'R04', 'e3')) > 0n);

    // The table of pupils joining and leaving.
    await page.locator(MOVERS).waitFor({ timeout: 30000 });
    const y26 = await movers(page, '2026/27');
    assert.equal(y26['on-roll'], '7', 'all but the pupil who starts in September 2027');
    assert.equal(y26.leaving, '3');
    assert.equal(y26['leaving-groups'], 'Year 6: 3');
    const y27 = await movers(page, '2027/28');
    assert.equal(y27['on-roll'], '5');
    assert.equal(y27.joining, '1');
    assert.equal(y27['joining-groups'], 'Reception: 1');
    assert.equal(y27.leaving, '1');
    assert.equal(y27['leaving-groups'], 'Year 6: 1');
    await screenshot(page, 'r11-movers');

    // Save the workspace as a file: the two fields are the school's, and the command-line tool
    // gives the page's totals; its pupils' figures say the same as the page.
    const saved = await download(page, () => page.click('#save-scenario'));
    const scenario = JSON.parse(saved.bytes.toString('utf8'));
    assert.equal(scenario.schools[0].year_group_as_at, '2026/27');
    assert.equal(scenario.schools[0].last_year_group, '6');
    const file = join(tmp, 'moving-up.json');
    writeFileSync(file, saved.bytes);
    const cli = cliTotals(file);
    const shown = await pageTotals(page);
    assert.deepEqual(shown.years, cli.years, 'AY totals: page and sen-funding calc');
    assert.deepEqual(shown.fys, cli.fys, 'FY totals: page and sen-funding calc');
    const byId = Object.fromEntries(cli.result.schools[0].pupils.map((p) => [p.id, p]));
    for (const id of YEAR_6) {
      assert.equal(byId[id].years['2026/27'].year_group, '6', id);
      assert.equal(byId[id].years['2027/28'].year_group, '7', id);
      assert.equal(byId[id].years['2027/28'].e3, '0.00', id);
      assert.equal(byId[id].years['2028/29'].e3, '0.00', id);
    }
    // The table's money is the CLI's pupils' Element 3, summed.
    const sum = (ids, ay) => ids.reduce((t, id) => t + pence(byId[id].years[ay].e3), 0n);
    assert.equal(pence(y26['leaving-e3']), sum(YEAR_6, '2026/27'), 'what the Year 6 pupils take away');
    assert.equal(pence(y27['joining-e3']), sum(['R07'], '2027/28'), 'what the Reception joiner brings');
    const onRoll27 = Object.keys(byId).filter((id) => !YEAR_6.includes(id));
    assert.equal(pence(y27['on-roll-e3']), sum(onRoll27, '2027/28'));

    // Reload: the fields are kept in this browser, and the figures with them.
    await page.waitForFunction(() => document.querySelector('#autosave-status')?.dataset.saved === 'true');
    await page.reload();
    await page.locator('.app-ws-workspace').waitFor();
    await page.locator('#restored-notice').waitFor();
    assert.equal(await page.inputValue(AS_AT), '2026/27');
    assert.equal(await page.inputValue(LAST), '6');
    await page.locator('#headline').waitFor();
    assert.deepEqual(await pageTotals(page), shown, 'the same totals after a reload');

    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.csp, []);
    await context.close();

    // The saved file opened in another browser: the same fields and figures.
    const other = await newPage(browser, site);
    await openWorkspace(other.page, site);
    const b = await rev(other.page);
    await other.page.setInputFiles('#open-scenario', file);
    await changed(other.page, b);
    await other.page.locator('#headline').waitFor();
    assert.equal(await other.page.inputValue(AS_AT), '2026/27');
    assert.equal(await other.page.inputValue(LAST), '6');
    assert.deepEqual(await pageTotals(other.page), shown, 'the saved file opened again gives the same totals');
    await other.context.close();
  });

  test('a fault in either field is shown at the field and in the summary, and no figure is shown', async () => {
    const { context, page } = await newPage(browser, site);
    await openWorkspace(page, site);
    await startOwnSchool(page);
    await importAccepted(page, 'register.csv', Buffer.from(REGISTER, 'utf8'));
    await page.locator('#headline').waitFor();

    await page.fill(AS_AT, '2026-27');
    await page.press(AS_AT, 'Tab');
    await page.locator(`${AS_AT}-error`).waitFor();
    assert.match(await page.locator(`${AS_AT}-error`).innerText(), /must be an academic year like 2025\/26 \(got "2026-27"\)/);
    assert.equal(await page.locator(AS_AT).getAttribute('aria-invalid'), 'true');
    const summary = page.locator('.govuk-error-summary').first();
    assert.match(await summary.innerText(), /Year groups as recorded in: must be an academic year/);
    assert.equal(await page.locator('#headline').count(), 0);
    // The summary's link leads to the field.
    await summary.getByRole('link', { name: /Year groups as recorded in/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'school-year-groups-as-at');

    // A last year group without the year of the record (R11.3): at the last year group, once.
    await page.selectOption(LAST, '6');
    await page.fill(AS_AT, '');
    await page.press(AS_AT, 'Tab');
    await page.locator(`${LAST}-error`).waitFor();
    assert.match(await page.locator(`${LAST}-error`).innerText(), /needs the year the pupils' year groups are recorded in/);
    assert.equal(await page.locator(`${AS_AT}-error`).count(), 0);
    assert.equal(await page.locator('.govuk-error-summary li').count(), 1);

    // Fixed: the figures come back.
    await page.fill(AS_AT, '2026/27');
    await page.press(AS_AT, 'Tab');
    await page.locator('#headline').waitFor();
    assert.equal(await page.locator('.govuk-error-summary').count(), 0);
    await context.close();
  });

  test('without the year of the record, pupils stay in their year group; the section says how to set it', async () => {
    const { context, page } = await newPage(browser, site);
    await openWorkspace(page, site);
    await startOwnSchool(page);
    await importAccepted(page, 'register.csv', Buffer.from(REGISTER, 'utf8'));
    await setR11(page, '', '');
    await page.locator('#movers-off').waitFor({ timeout: 30000 });
    assert.equal(await page.locator(MOVERS).count(), 0);
    // R11.1: as entered in every AY, so a Year 6 pupil is funded in 2027/28 as in 2026/27.
    assert.notEqual(await pupilFigure(page, '2027/28', 'R01', 'e3'), '£0.00');
    await context.close();
  });
});

describe('the example school (R11)', () => {
  test('its year groups are recorded in 2026/27, its last year group is 6, and its Year 6 pupils leave', async () => {
    const { context, page } = await newPage(browser, site);
    await openWorkspace(page, site);
    await page.locator('#example-banner').waitFor();
    assert.equal(await page.inputValue(AS_AT), '2026/27');
    assert.equal(await page.inputValue(LAST), '6');
    await page.locator(MOVERS).waitFor({ timeout: 30000 });
    const y26 = await movers(page, '2026/27');
    assert.equal(y26['leaving-groups'], 'Year 6: 2', 'EX-03 and EX-08');
    // EX-03 (Year 6, SEN Support, £3,200 a year now) has left: nothing under either system.
    assert.equal(await pupilFigure(page, '2027/28', 'EX-03', 'current'), '£0.00');
    assert.equal(await pupilFigure(page, '2027/28', 'EX-03', 'year-group'), 'Year 7');
    await context.close();
  });
});
