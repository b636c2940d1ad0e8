#!/usr/bin/env node
// Records what each route's first visit runs, for the split of the module (web/split-record.txt).
// A developer's tool (`make split-record`, with Chromium), never part of `make dist`: the build
// reads the committed record, so the same commit always gives the same site, with no browser.
//
//   node scripts/split-record.mjs SITE
//
// SITE is a release build as Trunk leaves it (unsplit: `make dist-unsplit`). A copy whose module
// marks each function on its first call (`sen-wasm-split instrument`), finished as deployed
// (with each route's first paint), is opened in Chromium on each route until the route shows its
// figures and a moment after — as it comes, with the rate cards answered late (either order of
// their arrival), and as on a phone (narrow, 4x slower CPU) — and the functions that ran are
// written, by their paths, into the record. The build (tools/wasm-split `plan`) then keeps in a
// route's entry what the record names, every function and vtable those functions refer to (the
// closures they make, which a timer or a promise may call later), and whatever those call
// directly — never crossing a split point declared in the code (web/src/split.rs).
//
// When the code changes, re-record: tests/browser/first-load.test.mjs fails, naming the function
// the page needed before its figures, if a route's entry lacks one.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RECORD, REST_HELD_MS, findGlue, patchGlue, splitSite, tool } from './split-wasm.mjs';
import { finishSite } from './finish-dist.mjs';
import { ROUTES } from './routes.mjs';
import { startServer } from './serve.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'kent-sen-funding-web';
/** How long a visit goes on after the figures show: what the page does by itself before its
 * rest would come. */
const SETTLE_MS = 1500;
/** Visits per route: as it comes, the index of cards late, the current card late, as on a phone,
 * twice more as on a phone with the cards late. */
const VISITS = [null, 'ratecards/index.json', 'card', 'phone', 'phone+ratecards/index.json', 'phone+card'];

async function record(site) {
  const bin = tool();
  const copy = join(REPO, 'target/split-record-site');
  rmSync(copy, { recursive: true, force: true });
  cpSync(site, copy, { recursive: true });
  const { wasm, js } = findGlue(copy);
  execFileSync(bin, ['instrument', join(site, wasm), join(copy, `${BASE}_bg.wasm`)]);
  if (wasm !== `${BASE}_bg.wasm`) rmSync(join(copy, wasm));
  writeFileSync(join(copy, js), patchGlue(readFileSync(join(copy, js), 'utf8'), null));
  writeFileSync(join(copy, 'index.html'), readFileSync(join(copy, 'index.html'), 'utf8').replace(/<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i, ''));
  // A worker that registers, as the real one will, so that what the app does then is recorded.
  writeFileSync(join(copy, 'sw.js'), "self.addEventListener('install', () => self.skipWaiting());\nself.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));\n");
  execFileSync(process.execPath, [join(REPO, 'scripts/prerender.mjs'), copy], { stdio: 'ignore' });
  const names = execFileSync(bin, ['names', join(site, wasm)], { encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf('\t') + 1));
  const card = (await import(pathToFileURL(join(REPO, 'scripts/size.mjs')).href)).rateCardUrl();
  const { launchBrowser, newPage, openApp, SUB_PATH } = await import(pathToFileURL(join(REPO, 'tests/browser/helpers.mjs')).href);
  const server = await startServer({ root: copy, prefix: SUB_PATH, port: 0 });
  const browser = await launchBrowser();
  const ran = Object.fromEntries(ROUTES.map(([, key]) => [key, new Set()]));
  try {
    for (const [hash, key, figure] of ROUTES) {
      for (const visit of VISITS) {
        const { context, page, log } = await newPage(browser, server);
        if (visit?.startsWith('phone')) {
          await page.setViewportSize({ width: 412, height: 823 });
          await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
        }
        const late = visit?.replace(/^phone\+?/, '') || null;
        if (late) {
          await context.route(`**/${late === 'card' ? card : late}`, async (route) => {
            await new Promise((r) => setTimeout(r, 400));
            await route.fallback();
          });
        }
        try {
          await openApp(page, server, hash);
          await page.locator(figure).first().waitFor({ timeout: 120_000 });
        } catch (e) {
          throw new Error(`split-record: ${hash} did not show its figures: ${[...log.pageErrors, ...log.console].join('; ') || e.message}`);
        }
        await page.waitForTimeout(SETTLE_MS);
        for (const n of await page.evaluate(() => globalThis.__senProfile.slice())) if (names[n]) ran[key].add(names[n]);
        if (log.pageErrors.length) throw new Error(`split-record: ${hash}: ${log.pageErrors.join('; ')}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
  writeRecord(ran);
  // Then the split build, as deployed, a few times per route until its rest has come: a function
  // of the rest the page needed at once joins the record of every route (such a path depends on
  // timing, not on the route), and the check runs again (three rounds at most).
  for (let round = 1; round <= 3; round++) {
    const found = await missed(site, names);
    if (!found.size) break;
    console.log(`split-record: round ${round}: ${found.size} function(s) were needed before the rest had come: ${[...found].slice(0, 3).join('; ')}`);
    for (const [, key] of ROUTES) for (const f of found) ran[key].add(f);
    writeRecord(ran);
  }
  for (const [, key] of ROUTES) console.log(`split-record: ${key}: ${ran[key].size} functions`);
}

function writeRecord(ran) {
  const out = ['# What each route\'s first visit ran, by function: written by scripts/split-record.mjs', '# (make split-record), read by the build (tools/wasm-split plan). Do not edit by hand.'];
  for (const [, key] of ROUTES) out.push(`route ${key}`, ...[...ran[key]].sort());
  writeFileSync(RECORD, out.join('\n') + '\n');
}

/** Opens the site split by the record, as deployed, on each route: the functions of the rest that
 * were loaded at once (their paths). */
async function missed(site, names) {
  const copy = join(REPO, 'target/split-check-site');
  rmSync(copy, { recursive: true, force: true });
  cpSync(site, copy, { recursive: true });
  splitSite(copy);
  finishSite(copy, { stdio: 'ignore' });
  const slotsOf = {};
  for (const [, key] of ROUTES) slotsOf[key] = readFileSync(join(REPO, 'target/split', key, 'slots.txt'), 'utf8').split('\n').filter(Boolean).map(Number);
  const { launchBrowser, newPage, openApp, holdBackRest, SUB_PATH } = await import(pathToFileURL(join(REPO, 'tests/browser/helpers.mjs')).href);
  const server = await startServer({ root: copy, prefix: SUB_PATH, port: 0 });
  const browser = await launchBrowser();
  const found = new Set();
  try {
    for (const [hash, key, figure] of ROUTES) {
      for (const visit of ['desktop', 'phone', 'slow', 'phone+slow']) {
        const { context, page } = await newPage(browser, server);
        if (visit.startsWith('phone')) {
          await page.setViewportSize({ width: 412, height: 823 });
          await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
        }
        if (visit.endsWith('slow')) await holdBackRest(context, REST_HELD_MS);
        await openApp(page, server, hash);
        await page.locator(figure).first().waitFor({ timeout: 120_000 });
        await page.waitForFunction(() => globalThis.__senRestHere, null, { timeout: 60_000 });
        await page.waitForTimeout(300);
        for (const slot of await page.evaluate(() => globalThis.__senSyncLoads?.slice() ?? [])) {
          const n = names[slotsOf[key][slot]];
          if (n) found.add(n);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
  return found;
}

const site = resolve(process.argv[2] ?? 'dist');
record(site).catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
