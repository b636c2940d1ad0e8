#!/usr/bin/env node
// The app's one WebAssembly module, delivered in parts (issue 8: a first visit to any route
// transfers at most 350 KB before it shows its figures).
//
//   node scripts/split-wasm.mjs [dist]
//
// Runs after Trunk (wasm-bindgen, wasm-opt) and before scripts/finish-dist.mjs.
//   1. Profile. A copy of the site whose module marks each function on its first call
//      (`sen-wasm-split instrument`) is opened in Chromium on each route until the route
//      shows its figures (the same figures as tests/browser/first-load.test.mjs waits for),
//      and a moment after: what the page does by itself before its rest comes.
//   2. Split, once per route. `sen-wasm-split split` keeps the functions that route's first
//      visit ran whole (kent-sen-funding-web-<route>.wasm, the route's entry) and moves every
//      other function's body to kent-sen-funding-web-<route>-rest.wasm. The whole module is
//      then no longer shipped.
//   3. The loader. wasm-bindgen's JavaScript (`patchGlue`) starts the entry of the route in the
//      address (a small inline script in index.html preloads it, `patchIndex`). Once the
//      first figures are on screen the app calls `loadRest()`, which fetches the rest; a
//      function of the rest called before then has it loaded at once, synchronously (a fetch
//      of the rest still on its way is then cancelled: the rest is not downloaded twice).
//   4. The check. The split build, as deployed, is opened VERIFY_RUNS times per route (every
//      other time as on a phone: narrow, on a 4x slower CPU; once with the rest held back
//      REST_HELD_MS, as on a slow connection) until its rest has come; a function of the rest
//      that had to be loaded at once before then joins every route's entry (such paths depend
//      on timing, not on the route), and those routes are split again: up to four rounds.
// Whichever route a visit starts on, the page runs one program, one Yew application with one
// memory and one state: an entry and its rest are the same module cut in two, and the rest
// holds code only. The profile is taken anew from every build, because it names functions
// by their place in the module.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { finishSite } from './finish-dist.mjs';
import { startServer } from './serve.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The routes: the hash, the key in file names, what shows the route's figures. */
export const ROUTES = [
  ['#/', 'home', '#tariff-table td[data-setting]'],
  ['#/school', 'school', '#results table td'],
  ['#/follow-the-child', 'follow', '#follow-results td'],
  ['#/communities', 'communities', '#community-table tbody tr td'],
  ['#/rate-card', 'ratecard', '#section-bands input'],
];
const BASE = 'kent-sen-funding-web';
export const entryName = (key) => `${BASE}-${key}.wasm`;
export const restName = (key) => `${BASE}-${key}-rest.wasm`;

/** A visit as on a phone: a narrow screen and a 4x slower CPU. */
async function asPhone(context, page) {
  await page.setViewportSize({ width: 412, height: 823 });
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/** How long a profiled visit goes on after the figures show (step 1 below). */
const SETTLE_MS = 1500;
/** Visits per route of the split build in each round of the check (step 4 below). */
const VERIFY_RUNS = 4;
/**
 * Each visit of the check: every other one as on a phone, narrow and slow (paths that depend on
 * the width or on timing — Yew's scheduler deferring a render, the worker's events — come up
 * there); the third on a slow connection (whatever the page does by itself while its rest is
 * on its way, a timer firing seconds later, must be in the entry too).
 */
const verifyVisit = (run) => ({ phone: run % 2 === 1, slow: run === 2 });
/** How long the rest is held back in one visit of the check: longer than any timer the app
 * sets at start (web/src/rest.rs asks for the rest anyway after 3 s). */
export const REST_HELD_MS = 5000;
/**
 * A JavaScript function from an address's fragment to its route key, as web/src/route.rs
 * `Page::from_hash` reads it; an address naming no route gives `fallback` (a JavaScript
 * expression: undefined when not given).
 */
export const routeKeyJs = (fallback = 'undefined') =>
  `(h)=>{h=(h||"").replace(/^#/,"").replace(/^\\//,"").split(/[?#]/)[0].replace(/\\/+$/,"");return({"":"home",school:"school","follow-the-child":"follow",communities:"communities","rate-card":"ratecard"})[h]??${fallback};}`;
/** The route key of an address's fragment; the home page's for an address naming no route. */
export const ROUTE_KEY_JS = routeKeyJs('"home"');
/** Where the manifest of entries sits in the glue: `/*sen-split*\/{…}/*sen-split*\/`. */
export const MANIFEST_RE = /\/\*sen-split\*\/(\{.*?\})\/\*sen-split\*\//;

const GET_IMPORTS = /function __wbg_get_imports\(\)\s*\{/g;
const FINALIZE = /let\s*\{\s*instance:\s*(\w+),\s*module:\s*(\w+)\s*\}\s*=\s*await __wbg_load\(await (\w+),\s*(\w+)\);\s*return __wbg_finalize_init\(\1,\s*\2\);/g;
const INIT_ONCE = /async function __wbg_init_once\((\w+)\)\s*\{/g;

/**
 * wasm-bindgen's glue with the loader added. `manifest` maps each route key to its entry and
 * rest file names; null for the profiling build (no parts; `loadRest()` never resolves, so what
 * waits for the rest is not profiled; every first call is marked).
 */
export function patchGlue(js, manifest) {
  for (const [re, what] of [[GET_IMPORTS, '__wbg_get_imports'], [INIT_ONCE, '__wbg_init_once'], [FINALIZE, '__wbg_load … __wbg_finalize_init']]) {
    if ((js.match(re) ?? []).length !== 1) {
      throw new Error(`split-wasm: wasm-bindgen's glue has no single \`${what}\`: this wasm-bindgen version is not supported`);
    }
  }
  let out = js.replace(GET_IMPORTS, 'function __wbg_get_imports_base(){');
  // The entry of the route in the address, whatever the caller asked for.
  out = out.replace(INIT_ONCE, (_, arg) => `async function __wbg_init_once(${arg}){${arg}={module_or_path:__senEntry()};`);
  // (The entry is a promise of the response: wasm-bindgen's loader awaits it.) When the
  // route's own entry could not be fetched (offline, never cached) and another route's was
  // used, its rest is fetched before the app starts: the page would need it at once, and a
  // synchronous request does not go through the service worker.
  out = out.replace(FINALIZE, (m, inst) => m.replace('return __wbg_finalize_init(', `wasm=${inst}.exports;if(__senFellBack)await(__senRestPromise=__senFetchRest());return __wbg_finalize_init(`));
  const loader = `
/* The module in parts (scripts/split-wasm.mjs). */
const __senParts=/*sen-split*/${JSON.stringify(manifest ?? {})}/*sen-split*/;
const __senKey=(${ROUTE_KEY_JS})(location.hash);
const __senUrl=(f)=>new URL("./"+f,import.meta.url);
let __senRestFile=null,__senRest=null,__senRestBytes=null,__senRestPromise=null,__senFellBack=false,__senAbort=null;
const __senMarks=globalThis.__senProfile=[];
async function __senEntry(){const keys=Object.keys(__senParts);if(!keys.length)return fetch(__senUrl("${BASE}_bg.wasm"));const want=__senParts[__senKey]?__senKey:"home";for(const k of new Set([want,"school",...keys])){try{const r=await fetch(__senUrl(__senParts[k][0]));if(r.ok){__senRestFile=__senParts[k][1];__senFellBack=k!==want;return r;}}catch(e){}}throw Error("The calculator could not be loaded: check your connection and reload the page.");}
const __senSyncLoads=globalThis.__senSyncLoads=[],__senSyncStacks=globalThis.__senSyncStacks=[];
function __wbg_get_imports(){const i=__wbg_get_imports_base();i.__sen_split={load:(slot)=>{if(!__senRest){__senSyncLoads.push(slot);const l=Error.stackTraceLimit;Error.stackTraceLimit=99;__senSyncStacks.push(Error().stack);Error.stackTraceLimit=l;}__senLoadNow();}};i.__sen_profile={mark:(n)=>{__senMarks.push(n);}};return i;}
function __senInstantiate(m){if(__senRest)return;const p={};for(const k of Object.keys(wasm))if(k[0]==="~")p[k.slice(1)]=wasm[k];const i=__wbg_get_imports_base();i.p=p;__senRest=new WebAssembly.Instance(m,i);globalThis.__senRestHere=!0;}
function __senLoadNow(){if(__senRest)return;if(!__senRestFile)throw Error("The calculator is incomplete: reload the page.");let b=__senRestBytes;if(!b){__senAbort?.abort();const x=new XMLHttpRequest();x.open("GET",__senUrl(__senRestFile),!1);x.overrideMimeType("text/plain; charset=x-user-defined");x.send();if(x.status!==200)throw Error("The calculator could not load its second part: reload the page.");const t=x.responseText;b=new Uint8Array(t.length);for(let j=0;j<t.length;j++)b[j]=t.charCodeAt(j)&255;}__senInstantiate(new WebAssembly.Module(b));}
async function __senFetchRest(){const c=__senAbort=new AbortController();try{const r=await fetch(__senUrl(__senRestFile),{signal:c.signal});if(!r.ok)throw Error("could not load the calculator's second part: "+r.status);__senRestBytes=new Uint8Array(await r.arrayBuffer());__senInstantiate(await WebAssembly.compile(__senRestBytes));}catch(e){if(!__senRest)throw e;}finally{__senAbort=null;}}
export function loadRest(){${manifest ? '' : 'return new Promise(()=>{});'}if(!__senRestFile||__senRest)return Promise.resolve();return __senRestPromise??=(async()=>{await new Promise((r)=>document.hidden?setTimeout(r,0):requestAnimationFrame(()=>setTimeout(r,0)));await __senFetchRest();})();}
globalThis.__senLoadRest=loadRest;
`;
  return out + loader;
}

/** index.html: the route's entry preloaded by an inline script, instead of the whole module. */
export function patchIndex(html, wasm, manifest) {
  const esc = wasm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const preload = new RegExp(`<link\\b[^>]*href=["']?\\./${esc}["']?[^>]*>`, 'g');
  if ((html.match(preload) ?? []).length !== 1) throw new Error(`split-wasm: index.html has no single preload of ${wasm}`);
  const entries = Object.fromEntries(Object.entries(manifest).map(([k, [e]]) => [k, e]));
  const script = `<script>{const e=${JSON.stringify(entries)},k=(${ROUTE_KEY_JS})(location.hash),l=document.createElement("link");l.rel="preload";l.as="fetch";l.type="application/wasm";l.crossOrigin="";l.href="./"+(e[k]??e.home);document.head.append(l)}</script>`;
  const arg = new RegExp(`\\{\\s*module_or_path\\s*:\\s*[\`'"]\\./${esc}[\`'"]\\s*\\}`);
  if (!arg.test(html)) throw new Error(`split-wasm: index.html's loader does not name ${wasm}`);
  // The glue picks the entry itself: the loader no longer names the whole module.
  return html.replace(preload, script).replace(arg, '');
}

function tool() {
  execFileSync(process.env.NATIVE_CARGO ?? 'cargo', ['build', '--quiet', '--release', '-p', 'sen-wasm-split'], { cwd: REPO, stdio: 'inherit' });
  return join(REPO, 'target/release/sen-wasm-split');
}

function findGlue(site) {
  const files = readdirSync(site);
  const wasm = files.filter((f) => new RegExp(`^${BASE}(-[0-9a-f]+)?_bg(-[0-9a-f]+)?\\.wasm$`).test(f));
  const js = files.filter((f) => new RegExp(`^${BASE}(-[0-9a-f]+)?\\.js$`).test(f));
  if (wasm.length !== 1 || js.length !== 1) throw new Error(`split-wasm: expected one app .wasm and one glue .js in ${site}, found ${[...wasm, ...js].join(', ') || 'neither'}`);
  return { wasm: wasm[0], js: js[0] };
}

/** Runs the instrumented copy of `site` on each route; returns { key: [function numbers] }. */
async function profile(site, bin) {
  const copy = join(REPO, 'target/split-profile-site');
  rmSync(copy, { recursive: true, force: true });
  cpSync(site, copy, { recursive: true });
  const { wasm, js } = findGlue(copy);
  execFileSync(bin, ['instrument', join(site, wasm), join(copy, `${BASE}_bg.wasm`)]);
  if (wasm !== `${BASE}_bg.wasm`) rmSync(join(copy, wasm));
  writeFileSync(join(copy, js), patchGlue(readFileSync(join(copy, js), 'utf8'), null));
  // The copy is served without the site's CSP (its hashes are of the real loader).
  writeFileSync(join(copy, 'index.html'), readFileSync(join(copy, 'index.html'), 'utf8').replace(/<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i, ''));
  // A worker that registers (as the real one will, once scripts/sw.mjs has written it), so
  // that what the app does when registration succeeds is profiled; it caches nothing.
  writeFileSync(join(copy, 'sw.js'), "self.addEventListener('install', () => self.skipWaiting());\nself.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));\n");
  // With each route's first paint, as deployed: the static shell changes the page's timing,
  // and with it which paths a visit takes (scripts/finish-dist.mjs).
  execFileSync(process.execPath, [join(REPO, 'scripts/prerender.mjs'), copy], { stdio: 'ignore' });
  const ran = Object.fromEntries(ROUTES.map(([, key]) => [key, []]));
  // Each route four times: as it comes, with the index of cards and then the current card
  // answered late (either order of their arrival), and as on a phone: a narrow screen (some
  // parts are drawn otherwise there) and a 4x slower CPU (timers and late events then land
  // between the page's turns).
  const card = (await import(pathToFileURL(join(REPO, 'scripts/size.mjs')).href)).rateCardUrl();
  const late = [null, 'ratecards/index.json', card, 'phone'];
  await visitRoutes(copy, late.length, async (context, page, run) => {
    if (!late[run]) return;
    if (late[run] === 'phone') {
      await asPhone(context, page);
      return;
    }
    await context.route(`**/${late[run]}`, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.fallback();
    });
  }, async (page, key, hash, log) => {
    // What runs by itself until the rest would come, not only until the figures: the page's
    // later turns, its timers and re-renders (here the rest never comes). Were any of it left
    // in the rest, it would be loaded at once, blocking the page, on a slow connection.
    await page.waitForTimeout(SETTLE_MS);
    ran[key].push(...(await page.evaluate(() => globalThis.__senProfile.slice())));
    if (log.pageErrors.length) throw new Error(`split-wasm: the profiling build failed on ${hash}: ${log.pageErrors.join('; ')}`);
  });
  return ran;
}

/**
 * Serves `root` (then deletes it) and opens each route `runs` times in Chromium, until the
 * route shows its figures: `prepare(context, page, run)` sets a visit up before the page
 * opens, `read(page, key, hash, log, run)` takes what the visit is for.
 */
async function visitRoutes(root, runs, prepare, read) {
  const { launchBrowser, newPage, openApp, SUB_PATH } = await import(pathToFileURL(join(REPO, 'tests/browser/helpers.mjs')).href);
  const server = await startServer({ root, prefix: SUB_PATH, port: 0 });
  const browser = await launchBrowser();
  try {
    for (const [hash, key, figure] of ROUTES) {
      for (let run = 0; run < runs; run++) {
        const { context, page, log } = await newPage(browser, server);
        await prepare(context, page, run);
        try {
          await openApp(page, server, hash);
          await page.locator(figure).first().waitFor({ timeout: 120_000 });
        } catch (e) {
          throw new Error(`split-wasm: ${root} did not show ${hash}'s figures: ${[...log.pageErrors, ...log.console].join('; ') || e.message}`);
        }
        await read(page, key, hash, log, run);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Splits `site`'s module for the route `key`, keeping the functions `keep`. */
function splitRoute(bin, site, wasm, work, key, keep) {
  const file = join(work, `${key}.txt`);
  writeFileSync(file, [...keep].sort((a, b) => a - b).join('\n') + '\n');
  const out = execFileSync(bin, ['split', join(site, wasm), file, join(work, key)], { encoding: 'utf8' });
  const slots = readFileSync(join(work, key, 'slots.txt'), 'utf8').split('\n').filter(Boolean).map(Number);
  return { out: out.trim().replace(/^sen-wasm-split: /, ''), slots };
}

/** Installs the split parts of each route into `site`, with the glue and index.html patched. */
function install(site, unsplit, work, wasm, js) {
  const manifest = {};
  for (const [, key] of ROUTES) {
    cpSync(join(work, key, 'primary.wasm'), join(site, entryName(key)));
    cpSync(join(work, key, 'rest.wasm'), join(site, restName(key)));
    manifest[key] = [entryName(key), restName(key)];
  }
  rmSync(join(site, wasm), { force: true });
  writeFileSync(join(site, js), patchGlue(readFileSync(join(unsplit, js), 'utf8'), manifest));
  writeFileSync(join(site, 'index.html'), patchIndex(readFileSync(join(unsplit, 'index.html'), 'utf8'), wasm, manifest));
}

/**
 * Opens the split site on each route a few times; returns, per route, the functions of the
 * rest that were loaded at once (a path the profile did not take, as the timing of the
 * service worker's events can vary).
 */
async function missed(site, slotsOf) {
  // As it will be deployed: names hashed, the CSP, each route's first paint and the service
  // worker written. (Without the first paint the page's timing differs: a path taken by nine
  // visits in ten of the deployed #/school was taken by one in four of a copy without it.)
  const copy = join(REPO, 'target/split-verify-site');
  rmSync(copy, { recursive: true, force: true });
  cpSync(site, copy, { recursive: true });
  finishSite(copy, { stdio: 'ignore' });
  const found = Object.fromEntries(ROUTES.map(([, key]) => [key, new Set()]));
  const { holdBackRest } = await import(pathToFileURL(join(REPO, 'tests/browser/helpers.mjs')).href);
  await visitRoutes(copy, VERIFY_RUNS, async (context, page, run) => {
    const visit = verifyVisit(run);
    if (visit.phone) await asPhone(context, page);
    if (visit.slow) await holdBackRest(context, REST_HELD_MS);
  }, async (page, key, hash, log, run) => {
    // Until the rest has come as it should (fetched once the figures are on screen): a
    // function called after the figures but before then (a timer, an idle callback, a
    // section drawn a task later) would load it at once too, blocking the page.
    await page.waitForFunction(() => globalThis.__senRestHere, null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    const slots = await page.evaluate(() => globalThis.__senSyncLoads?.slice() ?? []);
    for (const slot of slots) found[key].add(slotsOf[key][slot]);
    if (slots.length) {
      // What started it: the JavaScript frames of the first one's stack (an event, a timer…).
      const js = (await page.evaluate(() => globalThis.__senSyncStacks[0])).split('\n').slice(2).filter((l) => !l.includes('.wasm:')).map((l) => l.trim().replace(/\(.*\)$/, '').replace(/^at /, ''));
      const visit = verifyVisit(run);
      console.log(`split-wasm: ${hash}, visit ${run + 1} (${visit.phone ? 'as on a phone' : 'desktop'}${visit.slow ? ', the rest held back' : ''}): ${slots.length} part(s) of the rest needed at once, from ${js.join(' < ') || 'the module'}`);
    }
  });
  return found;
}

export async function splitSite(site) {
  const bin = tool();
  const { wasm, js } = findGlue(site);
  const ran = await profile(site, bin);
  const work = join(REPO, 'target/split');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const unsplit = join(work, 'unsplit');
  cpSync(site, unsplit, { recursive: true });
  const keep = Object.fromEntries(ROUTES.map(([, key]) => [key, new Set(ran[key])]));
  const slotsOf = {};
  const said = {};
  for (const [, key] of ROUTES) ({ out: said[key], slots: slotsOf[key] } = splitRoute(bin, unsplit, wasm, work, key, keep[key]));
  install(site, unsplit, work, wasm, js);
  // Then the split build itself, a few times per route: a function of the rest loaded at once
  // joins the route's entry, and that route is split again (three times at most).
  // A function missed on one route is kept in every route's entry: such a path (a render
  // deferred by Yew's scheduler, say) depends on timing, not on the route.
  for (let round = 1; round <= 4; round++) {
    const found = await missed(site, slotsOf);
    const all = new Set(ROUTES.flatMap(([, key]) => [...found[key]]));
    if (!all.size) break;
    for (const [, key] of ROUTES) {
      const add = [...all].filter((f) => !keep[key].has(f));
      if (found[key].size) console.log(`split-wasm: ${key}: ${found[key].size} function(s) of the rest were needed at once`);
      if (!add.length) continue;
      for (const f of add) keep[key].add(f);
      ({ out: said[key], slots: slotsOf[key] } = splitRoute(bin, unsplit, wasm, work, key, keep[key]));
    }
    install(site, unsplit, work, wasm, js);
  }
  for (const [, key] of ROUTES) console.log(`split-wasm: ${key}: ${said[key]}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = resolve(process.argv[2] ?? 'dist');
  if (!existsSync(site)) {
    console.error(`split-wasm: no site at ${site}`);
    process.exit(1);
  }
  splitSite(site).catch((e) => {
    console.error(e.stack ?? String(e));
    process.exit(1);
  });
}
