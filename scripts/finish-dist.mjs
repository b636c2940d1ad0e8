#!/usr/bin/env node
// A built site made as it is deployed, after Trunk (and, for the release build, the module
// split into each route's entry and rest: scripts/split-wasm.mjs):
//
//   node scripts/finish-dist.mjs [dist]
//
// Every script and wasm named by its content hash, then the CSP, each route's first paint
// written into index.html (scripts/prerender.mjs, which opens the site, so it needs the CSP;
// the CSP is written again for the script it adds) and the service worker (all depend on the
// final names). `make dist` runs it on dist/; the split's check runs it on its copy of the
// site, so that it checks the site as deployed (the first paint changes the page's timing).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCRIPTS = dirname(fileURLToPath(import.meta.url));

/** The steps, in order: a script of scripts/ and its argument for the site `dir`. */
export const STEPS = [
  ['hash-assets.mjs', (dir) => dir],
  ['csp.mjs', (dir) => join(dir, 'index.html')],
  ['prerender.mjs', (dir) => dir],
  ['csp.mjs', (dir) => join(dir, 'index.html')],
  ['sw.mjs', (dir) => dir],
];

/** Runs every step on the site `dir`; `stdio: 'ignore'` for a quiet run. */
export function finishSite(dir, { stdio = 'inherit' } = {}) {
  for (const [script, arg] of STEPS) execFileSync(process.execPath, [join(SCRIPTS, script), arg(dir)], { stdio });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  finishSite(resolve(process.argv[2] ?? 'dist'));
}
