#!/usr/bin/env node
// The first paint of each route, written into the built index.html (Lighthouse mobile
// performance; nothing on the page jumps once the figures are there).
//
//   node scripts/prerender.mjs [dist]
//
// Runs in `make dist` after the names are hashed and the CSP written (the CSP is then written
// again, for the script this adds). Each route's first paint is rendered by the app's own
// components, natively, with Yew's server renderer (tools/first-paint, web/src/first_paint.rs):
// the skip link, the header, the journey navigation (with the route's link current), the page's
// heading and introduction, and "Loading the calculator…". No browser is involved. Each route's
// copy goes into a <template>, and a small inline script puts the copy of the route in the
// address into <div id="static-shell"> before the first paint. The app's first full frame,
// drawn in <div id="app"> once the rate card has loaded, removes the shell whole
// (web/src/lib.rs `remove_static_shell`).
//
// tests/browser/prerender.test.mjs checks that the copy and the app agree and that the app
// leaves none of the copy behind.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES, routeKeyJs } from './routes.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(REPO, 'dist'));
const file = join(dist, 'index.html');
/** Where the copies go: at the end of the body, after the shell and <div id="app">. */
const MARK = /<\/body>\s*<\/html>\s*$/i;

function fail(message) {
  console.error(`prerender: ${file}: ${message}`);
  process.exit(1);
}

let html = readFileSync(file, 'utf8');
if (html.includes('id=sen-shell-') || html.includes('id="sen-shell-')) fail('already prerendered: run it on a fresh build');
if (!MARK.test(html)) fail('found no </body></html> to write the copies before');
// The note for browsers without JavaScript, as the static page has it.
const noscript = html.match(/<div\b[^>]*\bid=["']?static-shell\b[^>]*>[\s\S]*?(<noscript>[\s\S]*?<\/noscript>)/i)?.[1] ?? '';
if (!noscript) fail('the static page has no <noscript> note in <div id="static-shell">');

// The app's own rendering of each route (the native tool of the workspace, in the dev profile
// that `cargo test` has already built).
const cargo = process.env.NATIVE_CARGO ?? 'cargo';
const rendered = JSON.parse(execFileSync(cargo, ['run', '--quiet', '--locked', '-p', 'sen-first-paint'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
const copies = [];
for (const [, key] of ROUTES) {
  const body = rendered[key];
  if (typeof body !== 'string' || !body.includes('</main>')) fail(`the app rendered no first paint for the route ${key}`);
  copies.push(`<template id="sen-shell-${key}">${body.replace('</main>', `${noscript}</main>`)}</template>`);
}

// Before the first paint: the route's copy replaces the static page's loading shell.
// A route's copy only for an address that names the route: an unknown one keeps the plain
// "loading" shell (the app will say the page is not found).
const pick = `{const t=document.getElementById("sen-shell-"+(${routeKeyJs()})(location.hash));if(t)document.getElementById("static-shell").replaceChildren(t.content.cloneNode(!0))}`;
html = html.replace(MARK, `${copies.join('')}<script>${pick}</script></body></html>`);
writeFileSync(file, html);
console.log(`prerender: ${copies.length} route(s) written into ${file} (${(Buffer.byteLength(copies.join('')) / 1024).toFixed(1)} KB before compression)`);
