#!/usr/bin/env node
// Names every script and WebAssembly file of the built site by a hash of its content, so that
// a tab left open across a redeployment can never pair files of two builds:
// a file of another build has another name.
//
//   node scripts/hash-assets.mjs [dist]
//
// Every `.js` and `.wasm` in the site (but `sw.js`, which must keep its name) is renamed to
// `<name>-<16 hex digits of its sha256>.<ext>`, and every reference to it in the site's other
// text files (index.html, the other scripts) is rewritten. Files are renamed leaves first, so
// a script is hashed after the names it refers to are final: its hash covers them. A hash
// Trunk already put in a name is dropped first. Run by `make dist` after Trunk, before the
// CSP and the service worker are written (they depend on the final names).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const HASHED = /-[0-9a-f]{8,16}(?=(_bg)?\.(js|wasm)$)/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.')) return [];
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A file name as a whole word: not part of a longer name (`xlsx.js` is not in `lazy-xlsx.js`). */
const nameRe = (name) => new RegExp(`(?<![\\w.-])${escape(name)}(?![\\w.-])`, 'g');

export function contentName(file, bytes) {
  const h = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const base = basename(file).replace(HASHED, '');
  const dot = base.lastIndexOf('.');
  return `${base.slice(0, dot)}-${h}${base.slice(dot)}`;
}

export function hashAssets(site) {
  const all = walk(site).map((p) => relative(site, p).split(sep).join('/'));
  let assets = all.filter((f) => /\.(js|wasm)$/.test(f) && f !== 'sw.js');
  const texts = new Set(all.filter((f) => /\.(js|html|css|json)$/.test(f) && !f.startsWith('ratecards/')));
  const renamed = [];
  // Leaves first: a file is done once no other pending asset's name appears in it.
  while (assets.length) {
    const pending = new Set(assets.map((f) => basename(f)));
    const ready = assets.filter((f) => {
      if (f.endsWith('.wasm')) return true;
      const text = readFileSync(join(site, f), 'utf8');
      return ![...pending].some((n) => n !== basename(f) && nameRe(n).test(text));
    });
    if (!ready.length) throw new Error(`hash-assets: the scripts refer to each other in a circle: ${assets.join(', ')}`);
    for (const f of ready) {
      const bytes = readFileSync(join(site, f));
      const name = contentName(f, bytes);
      const to = dirname(f) === '.' ? name : `${dirname(f)}/${name}`;
      renameSync(join(site, f), join(site, to));
      texts.delete(f);
      if (f.endsWith('.js')) texts.add(to);
      const from = basename(f);
      if (from !== name) {
        for (const t of texts) {
          const p = join(site, t);
          const text = readFileSync(p, 'utf8');
          const next = text.replace(nameRe(from), name);
          if (next !== text) writeFileSync(p, next);
        }
      }
      renamed.push([f, to]);
    }
    assets = assets.filter((f) => !ready.includes(f));
  }
  return renamed;
}

/**
 * Trunk writes the `<link rel=modulepreload>` tags of the glue and its snippets in an order that
 * varies from one build to the next: each run of them is put in the order of their addresses, so
 * that the same commit gives the same index.html.
 */
export function sortPreloads(html) {
  const tag = /<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/g;
  const run = /(?:<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>\s*)+/g;
  const href = (t) => t.match(/\bhref=["']?([^"'\s>]+)/)?.[1] ?? t;
  return html.replace(run, (r) => {
    const tail = r.match(/\s*$/)[0];
    return r.match(tag).sort((a, b) => (href(a) < href(b) ? -1 : href(a) > href(b) ? 1 : 0)).join('') + tail;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = process.argv[2] ?? 'dist';
  try {
    const index = join(site, 'index.html');
    writeFileSync(index, sortPreloads(readFileSync(index, 'utf8')));
    const renamed = hashAssets(site);
    console.log(`hash-assets: ${renamed.length} files named by their content hash`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
