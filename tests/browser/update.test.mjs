// Safe updates: two builds in a row against one open tab.
//
// Build 1 (dist/) is served from a folder of its own and opened; its service worker takes
// control. Then build 2 is deployed over it, as a host's deployment does: the folder's files are
// replaced by the new build's (the old build's files are gone from the server). Build 2 is
// dist/ with its app script and its spreadsheet module changed (each sets a marker), named by
// content hash again, its CSP and its service worker written again — what `make dist` does after
// Trunk (scripts/hash-assets.mjs, csp.mjs, sw.mjs).
//
// The tab then checks for a new version as it does when it is shown again (visibilitychange),
// and the test asserts: the notice "A new version of the calculator is available" appears; until
// Reload, the old build keeps working — its spreadsheet module, loaded only now, is the old
// build's, from the old worker's cache, and no file of the new build is requested by the page;
// what was typed is kept across the Reload; after Reload, the new build is in control (its
// scripts, its worker, its cache only). The time from deployment to the prompt is measured.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { ARTIFACTS, DIST, REPO, SUB_PATH, screenshot, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser({ site: false });
const tmp = [];
after(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function tempDir(name) {
  const d = mkdtempSync(join(tmpdir(), `sen-update-${name}-`));
  tmp.push(d);
  return d;
}

const swVersion = (dir) => readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]{20})";/)[1];
const files = (dir, re) => readdirSync(dir, { recursive: true }).map(String).filter((f) => re.test(f));

/** Build 2: a copy of dist/ whose app script and spreadsheet module differ, finished as `make dist` finishes a build. */
function secondBuild() {
  const dir = tempDir('build2');
  cpSync(DIST, dir, { recursive: true });
  const [app] = files(dir, /^kent-sen-funding-web-[0-9a-f]{16}\.js$/);
  assert.ok(app, 'the app script of build 1');
  appendFileSync(join(dir, app), '\nglobalThis.__calculatorBuild = 2;\n');
  const [xlsx] = files(dir, /^xlsx[/\\]xlsx-[0-9a-f]{16}\.js$/);
  if (xlsx) appendFileSync(join(dir, xlsx), '\nglobalThis.__xlsxBuild = 2;\n');
  for (const [script, arg] of [['hash-assets.mjs', dir], ['csp.mjs', join(dir, 'index.html')], ['sw.mjs', dir]]) {
    execFileSync('node', [join(REPO, 'scripts', script), arg], { stdio: 'pipe' });
  }
  return { dir, hasXlsx: Boolean(xlsx) };
}

/** Replaces the served folder's files by `from`'s: the old build's files are gone. */
function deploy(from, to) {
  for (const f of readdirSync(to)) rmSync(join(to, f), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

test('two builds in a row against one open tab: the prompt, the old build until Reload, then the new one', async () => {
  const served = tempDir('served');
  cpSync(DIST, served, { recursive: true });
  const v1 = swVersion(served);
  const build2 = secondBuild();
  const v2 = swVersion(build2.dir);
  assert.notEqual(v1, v2, 'build 2 has another worker version');
  const only2 = files(build2.dir, /\.(js|wasm)$/).filter((f) => !files(served, /\.(js|wasm)$/).includes(f) && f !== 'sw.js');
  assert.ok(only2.length >= 2, `build 2 has new file names: ${only2.join(', ')}`);

  const site = await startServer({ root: served, prefix: SUB_PATH, port: 0 });
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  // Build 1, under the control of its worker.
  await page.goto(`${site.baseUrl}#/school`);
  await page.locator('.app-ws-workspace').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => globalThis.__calculatorBuild), undefined);
  // Something typed (the example school renamed), to be kept across the update.
  await page.locator('#school-name').fill('Update Test School');
  await page.locator('[data-update="ready"]').waitFor({ state: 'detached', timeout: 1000 }).catch(() => {});
  assert.equal(await page.locator('[data-update="ready"]').count(), 0, 'no prompt before a new build is deployed');
  // A second tab of build 1, left alone.
  const other = await context.newPage();
  other.on('pageerror', (e) => errors.push(`other tab: ${e}`));
  await other.goto(`${site.baseUrl}#/follow-the-child`);
  await other.locator('#follow-results').waitFor({ timeout: 60_000 });

  // Build 2 is deployed; the tab is shown again (as when the person comes back to it).
  const before = requests.length;
  const t0 = Date.now();
  deploy(build2.dir, served);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  const notice = page.locator('[data-update="ready"]');
  await notice.waitFor({ timeout: 120_000 });
  const deployToPromptMs = Date.now() - t0;
  assert.match(await notice.innerText(), /A new version of the calculator is available/);
  assert.equal(await page.locator('#update-reload').innerText(), 'Reload');
  await screenshot(page, 'update-prompt');

  // Until Reload the old build works on: its worker controls the page, the new one waits, and
  // a module the page loads only now is the old build's.
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { waiting: Boolean(reg.waiting), controller: Boolean(navigator.serviceWorker.controller), caches: await caches.keys() };
  });
  assert.ok(state.waiting && state.controller, JSON.stringify(state));
  assert.ok(state.caches.some((c) => c.endsWith(v1)) && state.caches.some((c) => c.endsWith(v2)), `both builds are cached: ${state.caches}`);
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Rate card' }).click();
  await page.locator('#section-bands').waitFor();
  await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'School workspace' }).click();
  await page.locator('.app-ws-workspace').waitFor();
  assert.equal(await page.locator('#school-name').inputValue(), 'Update Test School');
  if (build2.hasXlsx) {
    // The Excel export of the example school's figures: the spreadsheet module, loaded now.
    await page.locator('#headline').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#export-xlsx')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.equal(await page.evaluate(() => globalThis.__xlsxBuild), undefined, "the old build's spreadsheet module");
  } else {
    console.log('# the spreadsheet module is not in dist/: its lazy load across the update is not tested');
  }
  const afterDeploy = requests.slice(before);
  const mixed = afterDeploy.filter((u) => only2.some((f) => u.endsWith(`/${f.split(/[/\\]/).join('/')}`)));
  assert.deepEqual(mixed, [], 'the old tab requested no file of the new build');
  assert.equal(await page.evaluate(() => globalThis.__calculatorBuild), undefined, 'still build 1');
  assert.deepEqual(errors, []);

  // Reload: the new build takes over.
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.click('#update-reload')]);
  await page.locator('.app-ws-workspace').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => globalThis.__calculatorBuild === 2, null, { timeout: 30_000 });
  const after = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { waiting: Boolean(reg.waiting), controller: navigator.serviceWorker.controller?.scriptURL, caches: await caches.keys() };
  });
  assert.equal(after.waiting, false);
  assert.ok(after.controller?.endsWith('/sw.js'));
  assert.ok(after.caches.some((c) => c.endsWith(v2)) && !after.caches.some((c) => c.endsWith(v1)), `only the new build is cached: ${after.caches}`);
  assert.equal(await page.locator('[data-update="ready"]').count(), 0, 'no prompt once the new build is in control');
  assert.equal(await page.locator('#school-name').inputValue(), 'Update Test School', 'what was typed is kept across the update');
  // The other tab, still on build 1, whose files the new worker does not keep: asked to reload.
  await other.locator('[data-update="ready"]').waitFor({ timeout: 30_000 });
  assert.equal(await other.evaluate(() => globalThis.__calculatorBuild), undefined);
  await Promise.all([other.waitForEvent('load', { timeout: 60_000 }), other.click('#update-reload')]);
  await other.waitForFunction(() => globalThis.__calculatorBuild === 2, null, { timeout: 30_000 });
  await other.locator('#follow-results').waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, []);

  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'update.json'), JSON.stringify({ deploy_to_prompt_ms: deployToPromptMs, build1: v1, build2: v2, new_files: only2 }, null, 2));
  console.log(`# deploy to prompt: ${deployToPromptMs} ms (the check triggered by the tab being shown again)`);
  await context.close();
  await site.close();
});
