// Nothing lost, in Chromium with a persistent profile, as a person's
// browser keeps its data between visits:
//  * every keystroke is kept: text typed into the school's name, a pupil's cell, a Community's
//    field and a rate-card field is there again after the browser is closed 100 ms later;
//    and a Community keystroke on a slow computer (CPU throttled 20×) whose recompute of the
//    county outlasts those 100 ms: it is saved from the input handler, before the recompute;
//  * a 50,000-pupil workspace is saved (in IndexedDB) and every pupil is back after a reload,
//    and the size of what is kept is reported;
//  * data an earlier build kept in localStorage is moved into IndexedDB, not dropped; a
//    workspace saved by a newer build is refused with a message and kept aside;
//  * "Delete all my data" empties every store and resets every journey;
//  * "Checked in N seconds" counts only the page's work, not the time spent choosing a sheet.
// The figures are printed and written to tests/browser/artifacts/persist.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, screenshot, startSite } from './helpers.mjs';
import { FIXTURES, changed, pupilCsv, rev } from './school-helpers.mjs';

let site;
const results = {};
const profiles = [];
// Every browser launched, closed after the tests even where a test failed half-way (an open
// browser would keep this file's process, and so the whole run, from ending).
const launched = new Set();
before(async () => {
  site = await startSite();
});
after(async () => {
  for (const c of launched) await c.close().catch(() => {});
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'persist.json'), JSON.stringify(results, null, 2));
  await site?.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

function newProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'sen-persist-'));
  profiles.push(dir);
  return dir;
}

/** Chromium on a profile kept on disk: what a page stores survives closing the browser. */
async function launch(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  launched.add(context);
  context.on('close', () => launched.delete(context));
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

async function open(page, hash) {
  await page.goto(`${site.baseUrl}${hash}`);
  await page.locator('.app-card-status [data-status]').waitFor({ timeout: 30_000 });
}

async function openWorkspace(page) {
  await open(page, '#/school');
  await page.locator('.app-ws-workspace').waitFor({ timeout: 60_000 });
}

/** Everything in the calculator's IndexedDB store, as { key: length of the text }. */
async function idbContents(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('kent-sen-funding');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('saved')) return resolve({});
          const tx = db.transaction('saved');
          const store = tx.objectStore('saved');
          const out = {};
          const cur = store.openCursor();
          cur.onsuccess = () => {
            const c = cur.result;
            if (!c) {
              db.close();
              return resolve(out);
            }
            out[c.key] = typeof c.value === 'string' ? c.value.length : -1;
            c.continue();
          };
          cur.onerror = () => reject(cur.error);
        };
      }),
  );
}

async function idbGet(page, key) {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('kent-sen-funding');
        req.onsuccess = () => {
          const g = req.result.transaction('saved').objectStore('saved').get(key);
          g.onsuccess = () => resolve(g.result ?? null);
          g.onerror = () => reject(g.error);
        };
        req.onerror = () => reject(req.error);
      }),
    key,
  );
}

async function idbPut(page, key, value) {
  await page.evaluate(
    ([key, value]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('kent-sen-funding');
        req.onsuccess = () => {
          const tx = req.result.transaction('saved', 'readwrite');
          tx.objectStore('saved').put(value, key);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    [key, value],
  );
}

const localKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kent-sen-funding.')));

/** Types `text` into `selector` key by key (replacing what is there), waits 100 ms, closes the browser. */
async function typeThenClose(session, selector, text) {
  const field = session.page.locator(selector);
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(text, { delay: 15 });
  await session.page.waitForTimeout(100);
  const t0 = Date.now();
  await session.context.close();
  return Date.now() - t0;
}

test('every keystroke is kept: the browser closed 100 ms after typing loses nothing', async () => {
  const profile = newProfile();
  // The school's name.
  let s = await launch(profile);
  await openWorkspace(s.page);
  await s.page.click('#start-own');
  await s.page.locator('#school-name').waitFor();
  await typeThenClose(s, '#school-name', 'Oakfield Primary');
  s = await launch(profile);
  await openWorkspace(s.page);
  assert.equal(await s.page.locator('#school-name').inputValue(), 'Oakfield Primary', 'the school name typed just before closing');
  assert.equal(await s.page.locator('#restored-notice').count(), 1);

  // A pupil's cell: a new row, its id typed.
  await s.page.click('#add-pupil');
  const idCell = s.page.locator('.app-ws-pupils__row input[id$="-id"]').first();
  await idCell.waitFor();
  const idCellId = await idCell.getAttribute('id');
  await typeThenClose(s, `#${idCellId}`, 'PX-0042');
  s = await launch(profile);
  await openWorkspace(s.page);
  assert.equal(await s.page.locator('.app-ws-pupils__row input[id$="-id"]').first().inputValue(), 'PX-0042', 'the pupil id typed just before closing');
  assert.equal(await s.page.locator('#school-name').inputValue(), 'Oakfield Primary');

  // A Community's field and the county's pot (the made-up example, edited: kept too).
  await s.page.goto(`${site.baseUrl}#/communities`);
  await s.page.locator('#community-table').waitFor({ timeout: 60_000 });
  await s.page.locator('#data-toggle').click();
  await s.page.locator('#c-0-name').waitFor();
  await s.page.locator('#pot-2026').fill('66000000');
  await typeThenClose(s, '#c-0-name', 'Thanet North');
  s = await launch(profile);
  await open(s.page, '#/communities');
  await s.page.locator('#community-table').waitFor({ timeout: 60_000 });
  await s.page.locator('#data-toggle').click();
  assert.equal(await s.page.locator('#c-0-name').inputValue(), 'Thanet North', 'the Community name typed just before closing');
  assert.equal(await s.page.locator('#pot-2026').inputValue(), '66000000', 'the pot');
  assert.equal(await s.page.locator('#community-table tbody tr').count(), 50, 'the example county with its edit');

  // A rate-card field, typed and not yet left: applied as leaving the field would have.
  await s.page.goto(`${site.baseUrl}#/rate-card`);
  await s.page.locator('#param-protection-rate').waitFor();
  await typeThenClose(s, '#param-protection-rate', '0.7');
  s = await launch(profile);
  await open(s.page, '#/rate-card');
  await s.page.locator('#param-protection-rate').waitFor();
  assert.equal(await s.page.locator('#param-protection-rate').inputValue(), '0.7', 'the rate-card value typed just before closing');
  assert.equal(await s.page.locator('[data-card-modified="true"]').count(), 1, 'the card in force is the what-if card');
  assert.equal(await s.page.locator('tr[data-param="protection.rate"]').getAttribute('data-modified'), 'true');
  const stored = await idbContents(s.page);
  assert.deepEqual(Object.keys(stored).sort(), ['kent-sen-funding.communities', 'kent-sen-funding.rate-card', 'kent-sen-funding.school-workspace']);
  assert.deepEqual(await localKeys(s.page), [], 'nothing in localStorage where IndexedDB is available');
  assert.deepEqual(s.errors, []);

  // "Delete all my data" empties every store and resets every journey.
  await s.page.goto(`${site.baseUrl}#/school`);
  await s.page.locator('#delete-data').click();
  await s.page.locator('#delete-confirm-yes').click();
  await s.page.locator('#workspace-notice').filter({ hasText: 'has been deleted' }).waitFor();
  await s.page.waitForTimeout(500);
  assert.deepEqual(await idbContents(s.page), {}, 'the IndexedDB store is empty');
  assert.equal(await s.page.locator('[data-card-modified="true"]').count(), 0, 'the published rate card is in force again');
  await s.page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Community budgets' }).click();
  await s.page.locator('#community-table').waitFor({ timeout: 60_000 });
  await s.page.locator('#data-toggle').click();
  assert.equal(await s.page.locator('#c-0-name').inputValue(), 'Example Community 1', 'the Community data is the example again');
  await s.context.close();
  s = await launch(profile);
  await openWorkspace(s.page);
  assert.equal(await s.page.locator('#example-banner').count(), 1, 'after a restart: the example school');
  assert.deepEqual(await idbContents(s.page), {});
  await s.context.close();
});

// A Community keystroke is saved from the input handler, before the figures are
// worked out again from it. On a slow computer (or in a debug build) that recompute takes
// longer than a person takes to close the tab: here Chromium runs the page 20 times slower
// than this machine (CDP CPU throttling), so each keystroke's recompute of the county takes
// hundreds of milliseconds, and the browser is closed 100 ms after the last key, while the
// figures for it are still being worked out. What was typed must be there after a restart.
test('every keystroke is kept on a slow computer: a Community field typed while the county is worked out again', async () => {
  const profile = newProfile();
  let s = await launch(profile);
  await open(s.page, '#/communities');
  await s.page.locator('#community-table').waitFor({ timeout: 60_000 });
  await s.page.locator('#data-toggle').click();
  await s.page.locator('#c-2-lac').waitFor();
  const lac = await s.page.locator('#c-2-lac').inputValue();
  const lpa = await s.page.locator('#c-2-lpa').inputValue();
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  // How long one edit takes to show at this speed (the page says: data-recompute-ms).
  await s.page.evaluate(() => {
    const field = document.querySelector('#c-2-lpa');
    field.value = `${field.value}0`;
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  await s.page.waitForFunction(() => document.querySelector('#community-figures')?.dataset.recomputeMs !== undefined, null, { timeout: 60_000 });
  const recompute = Number(await s.page.locator('#community-figures').getAttribute('data-recompute-ms'));
  results.slow_keystroke_recompute_ms = recompute;
  console.log(`# a Community edit at 20× CPU throttling: the figures shown ${recompute.toFixed(0)} ms after the keystroke`);
  assert.ok(recompute > 150, `the recompute (${recompute} ms) must outlast the 100 ms before the browser is closed`);
  // One key, and the browser closed 100 ms later, while the county is worked out again for it.
  await s.page.locator('#c-2-lac').focus();
  await s.page.keyboard.press('End');
  await s.page.keyboard.press('7');
  await s.page.waitForTimeout(100);
  await s.context.close();
  s = await launch(profile);
  await open(s.page, '#/communities');
  await s.page.locator('#community-table').waitFor({ timeout: 60_000 });
  await s.page.locator('#data-toggle').click();
  assert.equal(await s.page.locator('#c-2-lac').inputValue(), `${lac}7`, 'the key typed just before closing');
  assert.equal(await s.page.locator('#c-2-lpa').inputValue(), `${lpa}0`, 'the edit before it too');
  const saved = JSON.parse(await idbGet(s.page, 'kent-sen-funding.communities'));
  assert.equal(saved.origin, 'example');
  assert.equal(saved.rows[2][9], `${lac}7`, 'saved as typed: lac, the tenth column of the Community CSV (R10.2)');
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

const pupilCount = async (page) => Number((await page.locator('#pupils-count').innerText()).replace(/[^\d]/g, '').match(/^\d+/)?.[0] ?? NaN);

test('a 50,000-pupil workspace is kept in IndexedDB and every pupil is back after a reload', async () => {
  const s = await launch(newProfile());
  const { page } = s;
  await openWorkspace(page);
  await page.click('#start-own');
  await page.fill('#school-name', 'Very Large School');
  const N = 50_000;
  await page.setInputFiles('#import-file', { name: 'pupils-50000.csv', mimeType: 'text/csv', buffer: pupilCsv(N, { pounds: false, eol: '\n' }) });
  await page.locator('#import-preview').waitFor({ timeout: 180_000 });
  assert.equal(await page.locator('#import-preview').getAttribute('data-accepted'), String(N));
  const b = await rev(page);
  await page.click('#import-accepted-button');
  await changed(page, b);
  // Saved: the status says so once the browser has kept it.
  const t0 = Date.now();
  await page.waitForFunction((n) => {
    const st = document.querySelector('#autosave-status');
    return st?.dataset.saved === 'true' && document.querySelector('#pupils-count')?.textContent.replace(/,/g, '').includes(String(n));
  }, N, { timeout: 180_000 });
  const saveWaitMs = Date.now() - t0;
  const stored = await idbGet(page, 'kent-sen-funding.school-workspace');
  assert.ok(stored, 'the workspace is in IndexedDB');
  const saved = JSON.parse(stored);
  assert.equal(saved.version, 1);
  assert.equal(saved.pupils.length, N, 'every pupil saved');
  const bytes = Buffer.byteLength(stored, 'utf8');
  assert.ok(bytes > 2_000_000, `the workspace is large (${bytes} bytes)`);

  const t1 = Date.now();
  await page.reload();
  await page.locator('#restored-notice').waitFor({ timeout: 180_000 });
  await page.locator('#pupils-count').waitFor();
  const reloadMs = Date.now() - t1;
  assert.equal(await pupilCount(page), N, 'every pupil is back');
  assert.equal(await page.locator('#school-name').inputValue(), 'Very Large School');
  // The first and the last pupil, as saved.
  const again = JSON.parse(await idbGet(page, 'kent-sen-funding.school-workspace'));
  assert.equal(again.pupils[0][0], 'P00001');
  assert.equal(again.pupils[N - 1][0], `P${N}`);
  assert.deepEqual(await localKeys(page), []);
  results.large_workspace = { pupils: N, saved_bytes: bytes, saved_mib: +(bytes / 1048576).toFixed(2), save_after_import_ms: saveWaitMs, reload_to_restored_ms: reloadMs };
  console.log(`# a ${N}-pupil workspace: ${bytes} bytes (${(bytes / 1048576).toFixed(2)} MiB) in IndexedDB; saved ${saveWaitMs} ms after the import was added; reloaded with every pupil in ${reloadMs} ms`);
  await screenshot(page, 'persist-50000');
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test('work an earlier build kept in localStorage is moved into IndexedDB; a newer format is refused and kept aside', async () => {
  const s = await launch(newProfile());
  const { page } = s;
  await open(page, '#/');
  // What the previous build saved: format 1, in localStorage.
  const old = {
    version: 1,
    saved_at: '2025-06-30T09:00:00.000Z',
    example: false,
    details: { name: 'Old Build School', urn: '118001', kind: 'mainstream' },
    pupils: [['P001', 'mainstream', 'SA2', 'yes', '4000', '', '', '']],
    years: [],
  };
  await page.evaluate((v) => localStorage.setItem('kent-sen-funding.school-workspace', v), JSON.stringify(old));
  await openWorkspace(page);
  await page.reload();
  await page.locator('#restored-notice').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#school-name').inputValue(), 'Old Build School');
  assert.equal(await pupilCount(page), 1);
  assert.deepEqual(await localKeys(page), [], 'moved out of localStorage');
  assert.equal(JSON.parse(await idbGet(page, 'kent-sen-funding.school-workspace')).details.name, 'Old Build School', 'into IndexedDB');

  // A newer build's format: refused with a message, kept aside, never dropped.
  const newer = JSON.stringify({ ...old, version: 2, details: { ...old.details, name: 'Future School' } });
  await idbPut(page, 'kent-sen-funding.school-workspace', newer);
  await page.reload();
  await page.locator('.app-ws-workspace').waitFor({ timeout: 60_000 });
  const warning = page.locator('.app-ws-notice--warning').filter({ hasText: 'could not be opened' });
  await warning.waitFor();
  assert.match(await warning.innerText(), /a newer version of the calculator \(format 2; this one reads format 1\)[\s\S]*kept aside, not deleted/);
  assert.equal(await idbGet(page, 'kent-sen-funding.school-workspace.unreadable'), newer, 'kept aside as it was');
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test('"Checked in N seconds" counts only the page\'s work, not the time spent choosing a sheet', async () => {
  const s = await launch(newProfile());
  const { page } = s;
  await openWorkspace(page);
  await page.click('#start-own');
  const t0 = Date.now();
  await page.setInputFiles('#import-file', join(FIXTURES, 'pupils-openpyxl.xlsx'));
  // The preview comes at once, with the other sheets offered in a select.
  await page.locator('#import-preview').waitFor({ timeout: 60_000 });
  const before = Date.now() - t0;
  const first = Number(await page.locator('#import-preview').getAttribute('data-elapsed-ms'));
  assert.ok(first <= before + 50, `checked in ${first} ms; the page worked ${before} ms`);
  // A person takes their time choosing another sheet, then the first again.
  const THINK_MS = 3000;
  const sheets = await page.locator('#import-sheet option').evaluateAll((os) => os.map((o) => o.value));
  const initial = await page.inputValue('#import-sheet');
  assert.ok(sheets.length >= 2, `a workbook of several sheets: ${sheets}`);
  await page.waitForTimeout(THINK_MS);
  const t1 = Date.now();
  await page.selectOption('#import-sheet', sheets.find((v) => v !== initial));
  await page.selectOption('#import-sheet', initial);
  await page.waitForFunction((v) => document.querySelector('#import-sheet')?.value === v && document.querySelector('#import-preview'), initial);
  const afterMs = Date.now() - t1;
  const elapsed = Number(await page.locator('#import-preview').getAttribute('data-elapsed-ms'));
  // At most the page's own time after the choice (wall clock, a little slack for rounding).
  assert.ok(elapsed <= afterMs + 50, `checked in ${elapsed} ms; the page worked ${afterMs} ms after the choice`);
  assert.ok(elapsed < THINK_MS, `the ${THINK_MS} ms spent choosing is not counted (${elapsed} ms)`);
  const shown = (await page.locator('#import-preview').innerText()).match(/Checked in ([\d.]+) seconds/)?.[1];
  assert.equal(Number(shown), Number((elapsed / 1000).toFixed(2)));
  results.import_timing = { reported_ms: elapsed, page_work_before_choice_ms: before, page_work_after_choice_ms: afterMs, time_choosing_ms: THINK_MS };
  console.log(`# import of a two-sheet workbook: "Checked in ${shown} seconds" (${elapsed} ms) with ${THINK_MS} ms spent choosing the sheet`);
  await s.context.close();
});
