#!/usr/bin/env node
// The first paint of each route, written into the built index.html (issue 8: Lighthouse
// mobile performance; nothing on the page jumps once the figures are there).
//
//   node scripts/prerender.mjs [dist]
//
// Runs in `make dist` after the names are hashed and the CSP written (the CSP is then written
// again, for the script this adds). It opens the built site in Chromium on each route and takes
// what the app itself rendered there that does not depend on the rate card or on anything
// typed: the skip link, the header, the journey navigation (with the route's link current) and
// the page's heading and introduction. Each route's copy goes into a <template>, and a small
// inline script puts the copy of the route in the address into <div id="static-shell"> before
// the first paint, with "Loading the calculator…" under the introduction. The app's first full
// frame, drawn in <div id="app"> once the rate card has loaded, removes the shell whole
// (web/src/lib.rs `remove_static_shell`).
//
// The text is the app's own, taken from every build, so it cannot drift from what the app
// shows; tests/browser/prerender.test.mjs checks that the two agree and that the app leaves
// none of the copy behind.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROUTES, routeKeyJs } from './split-wasm.mjs';
import { startServer } from './serve.mjs';

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
// The loading line and the note for browsers without JavaScript, as the static page has them.
const noscript = html.match(/<div\b[^>]*\bid=["']?static-shell\b[^>]*>[\s\S]*?(<noscript>[\s\S]*?<\/noscript>)/i)?.[1] ?? '';
if (!noscript) fail('the static page has no <noscript> note in <div id="static-shell">');

const { launchBrowser, newPage, openApp, SUB_PATH } = await import(pathToFileURL(join(REPO, 'tests/browser/helpers.mjs')).href);
const server = await startServer({ root: dist, prefix: SUB_PATH, port: 0 });
const browser = await launchBrowser();
const copies = [];
try {
  for (const [hash, key] of ROUTES) {
    const { context, page, log } = await newPage(browser, server, { viewport: { width: 412, height: 823 } });
    try {
      await openApp(page, server, hash);
      const shell = await page.evaluate(() => {
        const app = document.getElementById('app');
        const main = document.querySelector('main#main');
        const h1 = main?.querySelector('h1');
        const lead = h1?.nextElementSibling;
        if (!app || !main || !h1 || !lead?.matches('p.govuk-body-l')) return null;
        const chrome = [...app.children].filter((e) => e.matches('a.app-skip-link, header, nav.app-nav')).map((e) => e.outerHTML);
        if (chrome.length !== 3 || document.getElementById('static-shell')) return null;
        return { chrome, main: main.getAttribute('data-page'), h1: h1.outerHTML, lead: lead.outerHTML };
      });
      if (!shell) fail(`${hash}: the app did not render a skip link, header, navigation, heading and introduction (${[...log.pageErrors, ...log.console].join('; ')})`);
      if (log.pageErrors.length) fail(`${hash}: ${log.pageErrors.join('; ')}`);
      const body = [
        ...shell.chrome,
        `<div class="app-width-container"><main class="app-main" id="main" tabindex="-1" data-page="${shell.main}">`,
        shell.h1,
        shell.lead,
        '<p class="govuk-body app-static__loading" role="status">Loading the calculator…</p>',
        noscript,
        '</main></div>',
      ].join('');
      copies.push(`<template id="sen-shell-${key}">${body}</template>`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

// Before the first paint: the route's copy replaces the static page's loading shell.
// A route's copy only for an address that names the route: an unknown one keeps the plain
// "loading" shell (the app will say the page is not found).
const pick = `{const t=document.getElementById("sen-shell-"+(${routeKeyJs()})(location.hash));if(t)document.getElementById("static-shell").replaceChildren(t.content.cloneNode(!0))}`;
html = html.replace(MARK, `${copies.join('')}<script>${pick}</script></body></html>`);
writeFileSync(file, html);
console.log(`prerender: ${copies.length} route(s) written into ${file} (${(Buffer.byteLength(copies.join('')) / 1024).toFixed(1)} KB before compression)`);
