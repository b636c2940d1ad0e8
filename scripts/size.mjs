#!/usr/bin/env node
// Sizes of the built site, gzipped (zlib level 6, gzip's and most servers' default).
//
//   node scripts/size.mjs [dist]            every file in dist/ and the total, then the first load
//   node scripts/size.mjs [dist] --check    the same, and exit 1 if the first load is over budget
//
// The first load is everything the browser fetches to show the first page: index.html, what
// it links (stylesheet, icon, the JS loader, the wasm) and the rate card the app fetches at
// start. The browser tests record the real requests and check they are all counted here.
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST_RE, ROUTES } from './split-wasm.mjs';

// The hard check: a first visit to any route, #/school included, transfers at most
// 350 KB gzipped before it shows its figures. Checked here from the files (`--check`, run by
// `make test`), and in the browser by tests/browser/first-load.test.mjs from what Chromium
// really fetched. A release build meets it by shipping the module as each route's entry and
// its rest (scripts/split-wasm.mjs).
export const BUDGET_BYTES = 350 * 1024;
/** The routes, by the key the split names them with (scripts/split-wasm.mjs's ROUTES). */
export const ROUTE_KEYS = Object.fromEntries(ROUTES.map(([hash, key]) => [hash, key]));
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

export function gzipSize(buf) {
  return gzipSync(buf, { level: 6 }).length;
}

/** The rate card URL the app fetches at start (RATE_CARD_URL in web/src/lib.rs). */
export function rateCardUrl() {
  const src = readFileSync(join(REPO, 'web/src/lib.rs'), 'utf8');
  const m = src.match(/RATE_CARD_URL:\s*&str\s*=\s*"([^"]+)"/);
  if (!m) throw new Error('RATE_CARD_URL not found in web/src/lib.rs');
  return m[1];
}

/**
 * The split's manifest from the app's glue script, `{ key: [entry, rest] }`, or null for a
 * site that is not split (a debug build): then index.html names the whole module.
 */
export function splitManifest(dist, files) {
  for (const f of files) {
    if (!f.endsWith('.js')) continue;
    const m = readFileSync(join(dist, f), 'utf8').match(MANIFEST_RE);
    if (m) {
      const manifest = JSON.parse(m[1]);
      return Object.keys(manifest).length ? manifest : null;
    }
  }
  return null;
}

/** Paths (relative to dist/) of every file of a first visit to `route` (a key of ROUTE_KEYS). */
export function firstLoadFiles(dist, route = '#/school') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set(['index.html']);
  for (const m of html.matchAll(/\b(?:href|src|module_or_path:)\s*=?\s*["'`]?(\.\/[^"'`\s>]+)/g)) {
    files.add(m[1].replace(/^\.\//, ''));
  }
  for (const m of html.matchAll(/from\s*["'](\.\/[^"']+)["']/g)) files.add(m[1].replace(/^\.\//, ''));
  files.add(rateCardUrl());
  // R10.7: the index of published cards, fetched before its current card; the other cards it
  // lists are fetched once the rest of the module has come (web/src/hooks.rs).
  const index = join(dist, 'ratecards/index.json');
  if (existsSync(index)) {
    files.add('ratecards/index.json');
    try {
      const parsed = JSON.parse(readFileSync(index, 'utf8'));
      for (const c of parsed.cards ?? []) {
        if (c.id !== parsed.current) continue;
        if (typeof c.file === 'string' && existsSync(join(dist, 'ratecards', c.file))) files.add(`ratecards/${c.file}`);
      }
    } catch {
      // A broken index is reported by the app; the size counts what can be read.
    }
  }
  // A split site: the route's entry (the glue picks it; index.html preloads it).
  const manifest = splitManifest(dist, files);
  if (manifest) {
    const key = ROUTE_KEYS[route];
    if (!key || !manifest[key]) throw new Error(`the split names no entry for ${route}`);
    files.add(manifest[key][0]);
  }
  for (const f of files) {
    if (!existsSync(join(dist, f))) throw new Error(`first-load file missing from ${dist}: ${f}`);
  }
  return [...files].sort();
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function report(dist) {
  const rows = walk(dist).map((p) => {
    const buf = readFileSync(p);
    return { file: relative(dist, p), raw: buf.length, gz: gzipSize(buf) };
  }).sort((a, b) => b.gz - a.gz);
  const routes = Object.keys(ROUTE_KEYS).map((route) => {
    const first = firstLoadFiles(dist, route).map((f) => {
      const buf = readFileSync(join(dist, f));
      return { file: f, raw: buf.length, gz: gzipSize(buf) };
    });
    return { route, first, total: first.reduce((s, r) => s + r.gz, 0) };
  });
  return { rows, routes };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`size: ${dist}/index.html not found: run \`make dist\` first`);
    process.exit(2);
  }
  const { rows, routes } = report(dist);
  const w = Math.max(...rows.map((r) => r.file.length), 10);
  console.log(`Every file in ${dist}/ (gzip level 6):`);
  console.log(`  ${'file'.padEnd(w)}  ${'bytes'.padStart(9)}  ${'gzipped'.padStart(9)}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(w)}  ${String(r.raw).padStart(9)}  ${String(r.gz).padStart(9)}`);
  const total = rows.reduce((s, r) => s + r.gz, 0);
  const totalRaw = rows.reduce((s, r) => s + r.raw, 0);
  console.log(`  ${'total'.padEnd(w)}  ${String(totalRaw).padStart(9)}  ${String(total).padStart(9)}  (${kb(total)} gzipped)`);
  console.log(`First load of each route (budget ${kb(BUDGET_BYTES)} gzipped):`);
  for (const r of routes) {
    console.log(`  ${r.route.padEnd(20)} ${String(r.total).padStart(7)} bytes = ${kb(r.total).padStart(8)}: ${r.total <= BUDGET_BYTES ? 'within' : 'OVER'} (${r.first.length} files: ${r.first.map((f) => f.file).join(', ')})`);
  }
  if (args.includes('--check')) {
    const over = routes.filter((r) => r.total > BUDGET_BYTES);
    if (over.length) {
      console.error(`size: FAIL: over the budget of ${kb(BUDGET_BYTES)} gzipped: ${over.map((r) => `${r.route} ${kb(r.total)}`).join(', ')}`);
      process.exit(1);
    }
    console.log('size: every route\'s first load within the budget');
  }
}
