#!/usr/bin/env node
// The app's one WebAssembly module, delivered in parts: a first visit to any route transfers at
// most 350 KB before it shows its figures.
//
//   node scripts/split-wasm.mjs [dist]
//
// Runs after Trunk (wasm-bindgen, and wasm-opt with `-g`, which keeps the functions' names) and
// before scripts/finish-dist.mjs. No browser is involved, and the same build gives the same
// bytes.
//   1. Plan. `sen-wasm-split plan` reads the module as the linker wrote it, with its
//      relocations (web/build.rs), the split points declared in the code (web/src/split.rs,
//      named in web/split-points.txt) and the committed record of what each route's first visit
//      runs (web/split-record.txt). A route's entry is what its record names, with the closures,
//      callbacks and vtables those functions make, never a split point other than the route's
//      own. The functions are then found in the built module.
//   2. Split, once per route. `sen-wasm-split split` keeps those functions whole
//      (kent-sen-funding-web-<route>.wasm, the route's entry) and moves every other function's
//      body to kent-sen-funding-web-<route>-rest.wasm. The whole module is then no longer
//      shipped.
//   3. The loader. wasm-bindgen's JavaScript (`patchGlue`) starts the entry of the route in the
//      address (a small inline script in index.html preloads it, `patchIndex`). Once the
//      first figures are on screen the app calls `loadRest()`, which fetches the rest. The app
//      crosses a split point only once the rest has come (web/src/split.rs); should a function
//      of the rest be called earlier all the same (the record is stale), the rest is loaded at
//      once, synchronously — a last resort that tests/browser/first-load.test.mjs shows no
//      route reaches.
// Whichever route a visit starts on, the page runs one program, one Yew application with one
// memory and one state: an entry and its rest are the same module cut in two, and the rest
// holds code only.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROUTES, ROUTE_KEY_JS } from './routes.mjs';

export { ROUTES, ROUTE_KEY_JS, routeKeyJs } from './routes.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'kent-sen-funding-web';
export const entryName = (key) => `${BASE}-${key}.wasm`;
export const restName = (key) => `${BASE}-${key}-rest.wasm`;
/** How long the rest is held back in a test of a slow connection (tests/browser): longer than
 * any timer the app sets at start (web/src/rest.rs asks for the rest anyway after 3 s). */
export const REST_HELD_MS = 5000;
/** Where the manifest of entries sits in the glue: `/*sen-split*\/{…}/*sen-split*\/`. */
export const MANIFEST_RE = /\/\*sen-split\*\/(\{.*?\})\/\*sen-split\*\//;
/** The split points, as the code declares them. */
export const POINTS = join(REPO, 'web/split-points.txt');
/** What each route's first visit ran (scripts/split-record.mjs). */
export const RECORD = join(REPO, 'web/split-record.txt');
/** The module as the linker wrote it, with its relocations (the web build's target folder). */
export const LINKED = join(process.env.CARGO_TARGET_DIR ?? join(REPO, 'target/web'), 'wasm32-unknown-unknown/release/sen_funding_web.wasm');

const GET_IMPORTS = /function __wbg_get_imports\(\)\s*\{/g;
const FINALIZE = /let\s*\{\s*instance:\s*(\w+),\s*module:\s*(\w+)\s*\}\s*=\s*await __wbg_load\(await (\w+),\s*(\w+)\);\s*return __wbg_finalize_init\(\1,\s*\2\);/g;
const INIT_ONCE = /async function __wbg_init_once\((\w+)\)\s*\{/g;

/**
 * wasm-bindgen's glue with the loader added. `manifest` maps each route key to its entry and
 * rest file names; null for the recording build of scripts/split-record.mjs (no parts;
 * `loadRest()` never resolves, so what waits for the rest is not recorded; every function's
 * first call is marked).
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
const __senParts=/*sen-split*/${JSON.stringify(manifest ?? {})}/*sen-split*/;${manifest ? '' : 'const __senMarks=globalThis.__senProfile=[];'}
const __senKey=(${ROUTE_KEY_JS})(location.hash);
const __senUrl=(f)=>new URL("./"+f,import.meta.url);
let __senRestFile=null,__senRest=null,__senRestBytes=null,__senRestPromise=null,__senFellBack=false,__senAbort=null;
async function __senEntry(){const keys=Object.keys(__senParts);if(!keys.length)return fetch(__senUrl("${BASE}_bg.wasm"));const want=__senParts[__senKey]?__senKey:"home";for(const k of new Set([want,"school",...keys])){try{const r=await fetch(__senUrl(__senParts[k][0]));if(r.ok){__senRestFile=__senParts[k][1];__senFellBack=k!==want;globalThis.__senEntryKey=k;return r;}}catch(e){}}throw Error("The calculator could not be loaded: check your connection and reload the page.");}
const __senSyncLoads=globalThis.__senSyncLoads=[],__senSyncStacks=globalThis.__senSyncStacks=[];
function __wbg_get_imports(){const i=__wbg_get_imports_base();i.__sen_split={load:(slot)=>{if(!__senRest){__senSyncLoads.push(slot);const l=Error.stackTraceLimit;Error.stackTraceLimit=99;__senSyncStacks.push(Error().stack);Error.stackTraceLimit=l;}__senLoadNow();}};${manifest ? '' : 'i.__sen_profile={mark:(n)=>{__senMarks.push(n);}};'}return i;}
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

export function tool() {
  execFileSync(process.env.NATIVE_CARGO ?? 'cargo', ['build', '--quiet', '--release', '--locked', '-p', 'sen-wasm-split'], { cwd: REPO, stdio: 'inherit' });
  return join(REPO, 'target/release/sen-wasm-split');
}

export function findGlue(site) {
  const files = readdirSync(site);
  const wasm = files.filter((f) => new RegExp(`^${BASE}(-[0-9a-f]+)?_bg(-[0-9a-f]+)?\\.wasm$`).test(f));
  const js = files.filter((f) => new RegExp(`^${BASE}(-[0-9a-f]+)?\\.js$`).test(f));
  if (wasm.length !== 1 || js.length !== 1) throw new Error(`split-wasm: expected one app .wasm and one glue .js in ${site}, found ${[...wasm, ...js].join(', ') || 'neither'}`);
  return { wasm: wasm[0], js: js[0] };
}

/** Splits `site`'s module into each route's entry and rest, by the plan of the split points. */
export function splitSite(site) {
  const bin = tool();
  const { wasm, js } = findGlue(site);
  if (!existsSync(LINKED)) throw new Error(`split-wasm: no linked module at ${LINKED}: build the site with Trunk first (make dist)`);
  const work = join(REPO, 'target/split');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const said = execFileSync(bin, ['plan', LINKED, join(site, wasm), POINTS, RECORD, join(work, 'plan')], { encoding: 'utf8' });
  const manifest = {};
  const lines = [];
  for (const [, key] of ROUTES) {
    const keep = join(work, 'plan', `${key}.txt`);
    if (!existsSync(keep)) throw new Error(`split-wasm: the plan has no entry for the route ${key}: is it in web/split-points.txt?`);
    const out = execFileSync(bin, ['split', join(site, wasm), keep, join(work, key)], { encoding: 'utf8' });
    lines.push(`split-wasm: ${key}: ${out.trim().replace(/^sen-wasm-split: /, '')}`);
    cpSync(join(work, key, 'primary.wasm'), join(site, entryName(key)));
    cpSync(join(work, key, 'rest.wasm'), join(site, restName(key)));
    manifest[key] = [entryName(key), restName(key)];
  }
  rmSync(join(site, wasm), { force: true });
  writeFileSync(join(site, js), patchGlue(readFileSync(join(site, js), 'utf8'), manifest));
  writeFileSync(join(site, 'index.html'), patchIndex(readFileSync(join(site, 'index.html'), 'utf8'), wasm, manifest));
  for (const l of said.trim().split('\n')) console.log(l.replace(/^sen-wasm-split: /, 'split-wasm: '));
  for (const l of lines) console.log(l);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = resolve(process.argv[2] ?? 'dist');
  if (!existsSync(site)) {
    console.error(`split-wasm: no site at ${site}`);
    process.exit(1);
  }
  try {
    splitSite(site);
  } catch (e) {
    console.error(e.message ?? String(e));
    process.exit(1);
  }
}
