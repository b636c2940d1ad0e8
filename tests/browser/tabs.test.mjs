// Two tabs of the calculator in one browser profile, as people keep it open: each journey's
// saved data (the school workspace, the Community data, the rate card changes) is changed in
// one tab at a time (web/src/tabs.rs). The second tab says the journey is open in the other and
// offers to move it; the first then saves what is pending and says it has moved. Edits made
// in turn in both tabs, typed key by key, are all there after both are closed and the browser
// opened again. Two journeys in two tabs work at once.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, screenshot, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser({ browser: false });
const profiles = [];
after(() => {
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

/** Chromium on a profile kept on disk, so that what the tabs save survives closing it. */
async function launch(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  context.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
  for (const p of context.pages()) p.on('pageerror', (e) => errors.push(String(e)));
  return { context, errors };
}

function newProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'sen-tabs-'));
  profiles.push(dir);
  return dir;
}

async function open(page, hash) {
  await page.goto(`${env.site.baseUrl}${hash}`);
  await page.locator('.app-card-status [data-status]').waitFor({ timeout: 30_000 });
}

async function nav(page, name) {
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name }).click();
}

/** Types `text` key by key at about 12 keys a second, replacing what the field holds, and leaves it. */
async function typeField(page, selector, text) {
  const field = page.locator(selector);
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 80 });
  await page.keyboard.press('Tab');
  assert.equal(await field.inputValue(), text, `${selector} holds what was typed`);
}

const rateField = (page, path) => page.locator(`tr[data-param="${path}"] input[type="text"]`);

/** The journey is not shown: the page says it is open in another tab (`lost`: moved away from this one). */
async function assertElsewhere(page, field, lost) {
  const notice = page.locator(`#open-elsewhere[data-lost="${lost}"]`);
  await notice.waitFor({ timeout: 30_000 });
  assert.match(await notice.innerText(), /open in another tab/);
  assert.equal(await page.locator(field).count(), 0, `${field} is not shown in a tab without the journey`);
}

/** Moves the journey to `page` and waits for `field`. */
async function takeOver(page, field) {
  await page.locator('#use-here').click();
  await page.locator(field).waitFor({ timeout: 60_000 });
}

test('edits made in turn in two tabs, in the school workspace, Community budgets and the rate card, are all kept', async () => {
  const profile = newProfile();
  let { context, errors } = await launch(profile);
  const a = context.pages()[0] ?? (await context.newPage());
  const b = await context.newPage();

  // Tab A: a school of one's own, its name typed.
  await open(a, '#/school');
  await a.locator('#start-own').click();
  await typeField(a, '#school-name', 'Two Tabs Primary');

  // Tab B: the workspace is open in A.
  await open(b, '#/school');
  await assertElsewhere(b, '#school-name', false);
  await screenshot(b, 'tabs-open-elsewhere');
  // Moved to B: it carries on from what A had; A says it has moved.
  await takeOver(b, '#school-name');
  assert.equal(await b.inputValue('#school-name'), 'Two Tabs Primary');
  await assertElsewhere(a, '#school-name', true);
  await screenshot(a, 'tabs-moved-away');
  await typeField(b, '#school-urn', '654321');

  // Community budgets: A has them (no other tab does); a pot typed there.
  await nav(a, 'Community budgets');
  await a.locator('#pot-2026').waitFor({ timeout: 60_000 });
  await typeField(a, '#pot-2026', '61234567');
  // … then in B, moved from A, another pot.
  await nav(b, 'Community budgets');
  await assertElsewhere(b, '#pot-2026', false);
  await takeOver(b, '#pot-2026');
  assert.equal((await b.inputValue('#pot-2026')).replace(/,/g, ''), '61234567');
  await typeField(b, '#pot-2027', '62345678');
  await assertElsewhere(a, '#pot-2026', true);

  // The rate card: A has its changes (the first tab opened); a rate changed there.
  await nav(a, 'Rate card');
  await rateField(a, 'bands[5].rate').waitFor({ timeout: 60_000 });
  await typeField(a, 'tr[data-param="bands[5].rate"] input[type="text"]', '12000');
  await a.locator('.app-card-status [data-card-modified]').waitFor();
  // … then in B (which reloads, to read the changes A saved), another.
  await nav(b, 'Rate card');
  await assertElsewhere(b, 'tr[data-param="bands[5].rate"] input', false);
  await takeOver(b, 'tr[data-param="bands[5].rate"] input[type="text"]');
  assert.equal(await rateField(b, 'bands[5].rate').inputValue(), '12000');
  await typeField(b, 'tr[data-param="bands[4].rate"] input[type="text"]', '7000');
  await assertElsewhere(a, 'tr[data-param="bands[5].rate"] input', true);

  // Back in A, the workspace moved back (A reloads: its copy is older than B's); its name
  // changed again.
  await nav(a, 'School workspace');
  await assertElsewhere(a, '#school-name', true);
  await takeOver(a, '#school-name');
  assert.equal(await a.inputValue('#school-name'), 'Two Tabs Primary');
  assert.equal(await a.inputValue('#school-urn'), '654321');
  await typeField(a, '#school-name', 'Two Tabs Primary School');
  // B (reloaded when it took the rate card) finds the workspace open in A.
  await nav(b, 'School workspace');
  await assertElsewhere(b, '#school-name', false);

  // Both closed; the browser opened again.
  await context.close();
  assert.deepEqual(errors, []);
  ({ context, errors } = await launch(profile));
  const page = context.pages()[0] ?? (await context.newPage());
  await open(page, '#/school');
  await page.locator('#school-name').waitFor({ timeout: 60_000 });
  assert.equal(await page.inputValue('#school-name'), 'Two Tabs Primary School');
  assert.equal(await page.inputValue('#school-urn'), '654321');
  await nav(page, 'Community budgets');
  await page.locator('#pot-2026').waitFor({ timeout: 60_000 });
  assert.equal((await page.inputValue('#pot-2026')).replace(/,/g, ''), '61234567');
  assert.equal((await page.inputValue('#pot-2027')).replace(/,/g, ''), '62345678');
  await nav(page, 'Rate card');
  await rateField(page, 'bands[5].rate').waitFor({ timeout: 60_000 });
  assert.equal(await rateField(page, 'bands[5].rate').inputValue(), '12000');
  assert.equal(await rateField(page, 'bands[4].rate').inputValue(), '7000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the school in one tab and the Communities in another are changed at once; a tab waiting for a journey gets it when the other closes', async () => {
  const profile = newProfile();
  let { context, errors } = await launch(profile);
  const a = context.pages()[0] ?? (await context.newPage());
  const b = await context.newPage();
  await open(a, '#/school');
  await a.locator('#start-own').click();
  await open(b, '#/communities');
  await b.locator('#pot-2026').waitFor({ timeout: 60_000 });
  // Typed in turn, neither tab saying anything of the other.
  await typeField(a, '#school-name', 'Side By Side School');
  await typeField(b, '#pot-2026', '60500000');
  await typeField(a, '#school-urn', '111222');
  await typeField(b, '#pot-2025', '59000000');
  assert.equal(await a.locator('#open-elsewhere').count(), 0);
  assert.equal(await b.locator('#open-elsewhere').count(), 0);

  // A third tab on the school waits; when A closes, it has the workspace, as A left it, with
  // no reload.
  const c = await context.newPage();
  await open(c, '#/school');
  await assertElsewhere(c, '#school-name', false);
  await c.evaluate(() => { window.__sameDocument = true; });
  await a.close();
  await c.locator('#school-name').waitFor({ timeout: 30_000 });
  assert.equal(await c.inputValue('#school-name'), 'Side By Side School');
  assert.equal(await c.inputValue('#school-urn'), '111222');
  assert.equal(await c.evaluate(() => window.__sameDocument), true, 'the waiting tab was not reloaded');

  await context.close();
  ({ context, errors } = await launch(profile));
  const page = context.pages()[0] ?? (await context.newPage());
  await open(page, '#/communities');
  await page.locator('#pot-2026').waitFor({ timeout: 60_000 });
  assert.equal((await page.inputValue('#pot-2026')).replace(/,/g, ''), '60500000');
  assert.equal((await page.inputValue('#pot-2025')).replace(/,/g, ''), '59000000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Delete all my data" in one tab: the other tab reloads and writes nothing back', async () => {
  const profile = newProfile();
  const { context, errors } = await launch(profile);
  const a = context.pages()[0] ?? (await context.newPage());
  const b = await context.newPage();
  await open(a, '#/school');
  await a.locator('#start-own').click();
  await typeField(a, '#school-name', 'To Be Deleted School');
  await open(b, '#/communities');
  await b.locator('#pot-2026').waitFor({ timeout: 60_000 });
  await typeField(b, '#pot-2026', '60500000');
  await a.locator('#delete-data').click();
  await a.locator('#delete-confirm-yes').click();
  await a.locator('#workspace-notice').filter({ hasText: 'has been deleted' }).waitFor({ timeout: 30_000 });
  // B starts again from nothing kept: the example's pot, not the one typed.
  await b.waitForFunction(() => document.readyState === 'complete');
  await b.locator('#pot-2026').waitFor({ timeout: 60_000 });
  await b.waitForTimeout(500);
  const saved = await b.evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('kent-sen-funding');
        req.onsuccess = () => {
          const db = req.result;
          const g = db.transaction('saved').objectStore('saved').get('kent-sen-funding.communities');
          g.onsuccess = () => {
            db.close();
            resolve(g.result ?? null);
          };
        };
      }),
  );
  assert.ok(saved === null || !saved.includes('60500000'), 'the deleted pot was not written back');
  assert.notEqual((await b.inputValue('#pot-2026')).replace(/,/g, ''), '60500000');
  assert.deepEqual(errors, []);
  await context.close();
});
