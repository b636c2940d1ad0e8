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

// Issue 8's target: a first visit to any route, #/school included, transfers at most 350 KB
// gzipped before it shows its figures (the browser test first-load.test.mjs measures each
// route). Not met yet (about 635 KB: one module with every journey; see the README), so it is
// reported on every run, and the check that fails is a ceiling against growth.
export const BUDGET_BYTES = 350 * 1024;
export const CEILING_BYTES = 700 * 1024;
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

/** Paths (relative to dist/) of every file of the first load. */
export function firstLoadFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set(['index.html']);
  for (const m of html.matchAll(/\b(?:href|src|module_or_path:)\s*=?\s*["'`]?(\.\/[^"'`\s>]+)/g)) {
    files.add(m[1].replace(/^\.\//, ''));
  }
  for (const m of html.matchAll(/from\s*["'](\.\/[^"']+)["']/g)) files.add(m[1].replace(/^\.\//, ''));
  files.add(rateCardUrl());
  // R10.7: the index of published cards, fetched before its current card, and every card it
  // lists (the app fetches them all at start, to check them and offer them).
  const index = join(dist, 'ratecards/index.json');
  if (existsSync(index)) {
    files.add('ratecards/index.json');
    try {
      for (const c of JSON.parse(readFileSync(index, 'utf8')).cards ?? []) {
        if (typeof c.file === 'string' && existsSync(join(dist, 'ratecards', c.file))) files.add(`ratecards/${c.file}`);
      }
    } catch {
      // A broken index is reported by the app; the size counts what can be read.
    }
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
  const first = firstLoadFiles(dist).map((f) => {
    const buf = readFileSync(join(dist, f));
    return { file: f, raw: buf.length, gz: gzipSize(buf) };
  });
  return { rows, first, firstTotal: first.reduce((s, r) => s + r.gz, 0) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`size: ${dist}/index.html not found: run \`make dist\` first`);
    process.exit(2);
  }
  const { rows, first, firstTotal } = report(dist);
  const w = Math.max(...rows.map((r) => r.file.length), 10);
  console.log(`Every file in ${dist}/ (gzip level 6):`);
  console.log(`  ${'file'.padEnd(w)}  ${'bytes'.padStart(9)}  ${'gzipped'.padStart(9)}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(w)}  ${String(r.raw).padStart(9)}  ${String(r.gz).padStart(9)}`);
  const total = rows.reduce((s, r) => s + r.gz, 0);
  const totalRaw = rows.reduce((s, r) => s + r.raw, 0);
  console.log(`  ${'total'.padEnd(w)}  ${String(totalRaw).padStart(9)}  ${String(total).padStart(9)}  (${kb(total)} gzipped)`);
  console.log(`First load (${first.length} files: ${first.map((r) => r.file).join(', ')}):`);
  console.log(`  ${firstTotal} bytes gzipped = ${kb(firstTotal)}: target ${kb(BUDGET_BYTES)} ${firstTotal <= BUDGET_BYTES ? 'met' : 'NOT met'}, ceiling ${kb(CEILING_BYTES)}`);
  if (args.includes('--check')) {
    if (firstTotal > CEILING_BYTES) {
      console.error(`size: FAIL: the first load is ${kb(firstTotal)} gzipped, over the ceiling of ${kb(CEILING_BYTES)}`);
      process.exit(1);
    }
    console.log('size: first load within the ceiling');
  }
}
