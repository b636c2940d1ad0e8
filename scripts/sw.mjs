#!/usr/bin/env node
// Writes the service worker into the built site: <site>/sw.js from the template www/sw.js,
// with the list of every file of the build (relative to the site's folder) and a version that
// is a hash of all of them, so any change to the build installs a new worker.
//
//   node scripts/sw.mjs [dist]
//
// Run by `make dist` after Trunk, once every file of the build (the spreadsheet module too)
// is in place.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { splitManifest } from './size.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = process.argv[2] ?? join(REPO, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.')) return [];
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * Every file of the built site but the worker itself, as URLs relative to the site's folder.
 * Of a split build's entries and rests (scripts/split-wasm.mjs), only the school's pair, the
 * main user's: each of the others is cached when a visit starting on its route fetches it
 * (and a visit that starts offline on a route whose pair was never fetched starts with the
 * school's; one pair holds the whole app).
 */
export function siteFiles(dir) {
  const all = walk(dir).map((p) => relative(dir, p).split(sep).join('/'));
  const manifest = splitManifest(dir, all.filter((f) => f.endsWith('.js')));
  const notPrecached = new Set(Object.entries(manifest ?? {}).filter(([k]) => k !== 'school').flatMap(([, pair]) => pair));
  return all.filter((f) => f !== 'sw.js' && !notPrecached.has(f)).sort();
}

export function buildWorker(dir) {
  const files = siteFiles(dir);
  if (!files.includes('index.html')) throw new Error(`sw: ${dir} has no index.html: build the site first`);
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
  }
  const version = hash.digest('hex').slice(0, 20);
  const template = readFileSync(join(REPO, 'www', 'sw.js'), 'utf8');
  const out = template
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('__FILES__', JSON.stringify(files, null, 2));
  if (out.includes('__VERSION__') || out.includes('__FILES__')) throw new Error('sw: the template www/sw.js has lost its placeholders');
  writeFileSync(join(dir, 'sw.js'), out);
  return { version, files };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { version, files } = buildWorker(site);
    console.log(`sw: ${join(site, 'sw.js')} caches ${files.length} files (version ${version})`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
