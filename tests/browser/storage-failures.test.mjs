// Storage that fails, stubbed in the page (web/src/storage.rs): the browser's storage full
// (quota exceeded), IndexedDB refused (some private windows), both refused, and the store
// deleted while the page is open. Each time: a plain message, the work stays in the page
// (and focus in the field being typed in), and "Download your work" gives a file that
// "Open a saved workspace" puts back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { download, newPage, openApp, screenshot, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

/** Types `text` key by key into `selector` (replacing what it holds); focus stays in it. */
async function typeField(page, selector, text) {
  const field = page.locator(selector);
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 60 });
  await page.waitForTimeout(150);
  assert.equal(await field.inputValue(), text, `${selector} holds what was typed`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), selector.slice(1), 'focus is still in the field');
}

async function ownSchool(page) {
  await openApp(page, env.site, '#/school');
  await page.locator('#start-own').click();
  await page.locator('#school-name').waitFor({ timeout: 60_000 });
}

const problem = (page) => page.locator('#storage-problem');

/** The file of "Download your work", read. */
async function downloadWork(page) {
  const file = await download(page, '#download-work');
  assert.match(file.name, /^kent-sen-funding-work-\d{4}-\d{2}-\d{2}\.json$/);
  return { ...file, json: JSON.parse(file.bytes.toString('utf8')) };
}

test('the storage full: the message, the work kept in the page, and "Download your work" that puts it all back', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  // Every write fails as a full disk does, once the test says so.
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await ownSchool(page);
  await typeField(page, '#school-name', 'Full Disk School');
  await page.waitForTimeout(300);
  assert.equal(await problem(page).count(), 0, 'no message while saves work');

  await page.evaluate(() => { window.__storageFull = true; });
  await typeField(page, '#school-urn', '777888');
  await problem(page).waitFor({ timeout: 10_000 });
  const text = await problem(page).innerText();
  assert.match(text, /Your latest changes are not being kept in this browser/);
  assert.match(text, /full/);
  assert.match(text, /still here in this page/);
  assert.equal(await page.inputValue('#school-urn'), '777888', 'the work stays in the page');
  await screenshot(page, 'storage-full');

  const work = await downloadWork(page);
  assert.equal(work.json.format, 'kent-sen-funding-work');
  const ws = work.json.kept['kent-sen-funding.school-workspace'];
  assert.ok(ws, `the workspace is in the file: ${Object.keys(work.json.kept)}`);
  assert.equal(ws.details.urn, '777888', 'with the change the browser did not keep');
  assert.equal(ws.details.name, 'Full Disk School');
  await page.locator('#download-work-done').waitFor();

  // Space again: the next change is kept and the message goes.
  await page.evaluate(() => { window.__storageFull = false; });
  await typeField(page, '#school-name', 'Full Disk School 2');
  await problem(page).waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(log.pageErrors, []);
  await context.close();

  // In a fresh browser, the file opened with "Open a saved workspace" puts the work back.
  const fresh = await newPage(env.browser, env.site);
  await openApp(fresh.page, env.site, '#/school');
  await fresh.page.locator('#open-scenario').waitFor({ timeout: 60_000 });
  // (The download went with its browser context: the file as saved.)
  const saved = join(mkdtempSync(join(tmpdir(), 'sen-work-')), work.name);
  writeFileSync(saved, work.bytes);
  await fresh.page.setInputFiles('#open-scenario', saved);
  await fresh.page.waitForFunction(() => document.querySelector('#school-name')?.value === 'Full Disk School', null, { timeout: 60_000 });
  assert.equal(await fresh.page.inputValue('#school-urn'), '777888');
  assert.deepEqual(fresh.log.pageErrors, []);
  await fresh.context.close();
});

test('IndexedDB refused (a private window): the work is kept in localStorage; both refused: the message and the download', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await context.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('IndexedDB is not available in this window.', 'SecurityError');
    };
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (...args) {
      if (window.__localFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.apply(this, args);
    };
  });
  await ownSchool(page);
  await typeField(page, '#school-name', 'Private Window School');
  await page.waitForTimeout(300);
  assert.equal(await problem(page).count(), 0, 'kept in localStorage: nothing to say');
  assert.ok((await page.evaluate(() => Object.keys(localStorage))).includes('kent-sen-funding.school-workspace'), 'the workspace is in localStorage');
  await page.reload();
  await page.locator('#school-name').waitFor({ timeout: 60_000 });
  assert.equal(await page.inputValue('#school-name'), 'Private Window School', 'kept across a reload');

  await page.evaluate(() => { window.__localFull = true; });
  await typeField(page, '#school-urn', '333444');
  await problem(page).waitFor({ timeout: 10_000 });
  assert.match(await problem(page).innerText(), /not being kept in this browser/);
  const work = await downloadWork(page);
  assert.match(JSON.stringify(work.json.kept['kent-sen-funding.school-workspace']), /333444/);
  assert.equal(await page.inputValue('#school-urn'), '333444');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('the store deleted while the page is open: the message, the work kept in the page, and saved again at the next change', async () => {
  const { context, page, log } = await newPage(env.browser, env.site);
  await ownSchool(page);
  await typeField(page, '#school-name', 'Cleared Data School');
  await page.waitForTimeout(300);
  // As when the site's data is cleared: the database deleted under the page.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.deleteDatabase('kent-sen-funding');
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
      }),
  );
  await problem(page).waitFor({ timeout: 10_000 });
  assert.match(await problem(page).innerText(), /saved copy of your work was deleted/);
  assert.equal(await page.inputValue('#school-name'), 'Cleared Data School', 'the work stays in the page');
  const work = await downloadWork(page);
  assert.match(JSON.stringify(work.json.kept['kent-sen-funding.school-workspace']), /Cleared Data School/);
  await screenshot(page, 'storage-cleared');
  // The next change saves everything again.
  await typeField(page, '#school-urn', '555666');
  await problem(page).waitFor({ state: 'detached', timeout: 10_000 });
  await page.reload();
  await page.locator('#school-name').waitFor({ timeout: 60_000 });
  assert.equal(await page.inputValue('#school-name'), 'Cleared Data School');
  assert.equal(await page.inputValue('#school-urn'), '555666');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
