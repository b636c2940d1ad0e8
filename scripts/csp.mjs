#!/usr/bin/env node
// Completes the Content-Security-Policy of the built index.html (run by scripts/finish-dist.mjs
// after the names are hashed, and again after the first paint adds its script; also runnable by
// hand: `node scripts/csp.mjs dist/index.html`).
//
// The policy in index.html allows scripts only from the site itself ('self') plus
// 'wasm-unsafe-eval' for WebAssembly. Trunk writes one inline <script type="module"> that
// loads the app; this script puts the sha256 of every inline script into script-src, so
// exactly those scripts run and no other inline script can. It also refuses a policy that
// is not strict: 'unsafe-eval', 'unsafe-inline', any host, inline event handlers or
// <style> elements.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2]
  ?? (process.env.TRUNK_STAGING_DIR ? join(process.env.TRUNK_STAGING_DIR, 'index.html') : 'dist/index.html');

function fail(message) {
  console.error(`csp: ${file}: ${message}`);
  process.exit(1);
}

let html = readFileSync(file, 'utf8');

// Every inline script (no src attribute): its exact text is what the browser hashes.
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  const [, attrs, body] = m;
  if (/\bsrc\s*=/i.test(attrs)) continue;
  if (body.length === 0) continue;
  hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) fail('found no inline script to hash: has the Trunk loader changed?');

if (/<style[\s>]/i.test(html)) fail('an inline <style> element would break style-src \'self\'');
if (/\son[a-z]+\s*=/i.test(html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, ''))) {
  fail('an inline event handler attribute (on…=) would break the policy');
}

// The one CSP meta tag and its content, however the minifier quoted them.
const metaRe = /<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/gi;
const metas = html.match(metaRe) ?? [];
if (metas.length !== 1) fail(`expected one Content-Security-Policy meta tag, found ${metas.length}`);
const meta = metas[0];
const contentMatch = meta.match(/\bcontent\s*=\s*("([^"]*)"|'([^']*)')/i);
if (!contentMatch) fail('the Content-Security-Policy meta tag has no quoted content');
const policy = (contentMatch[2] ?? contentMatch[3]).replaceAll('&#39;', "'").replaceAll('&apos;', "'");

const directives = policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
  const [name, ...values] = d.split(/\s+/);
  if (name === 'script-src') {
    return ['script-src', "'self'", "'wasm-unsafe-eval'", ...hashes].join(' ');
  }
  return [name, ...values].join(' ');
});
if (!directives.some((d) => d.startsWith('script-src '))) fail('the policy has no script-src');
const newPolicy = directives.join('; ');

// Both the policy as written in index.html and the completed one.
for (const p of [policy, newPolicy]) {
  for (const bad of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", 'http:', 'https:', 'data:', 'blob:', '*']) {
    if (p.includes(bad)) fail(`the policy must not contain ${bad}: ${p}`);
  }
}
if (newPolicy.includes('CSP_SCRIPT_HASHES')) fail(`the placeholder is left in the policy: ${newPolicy}`);

const newMeta = `<meta http-equiv="Content-Security-Policy" content="${newPolicy}">`;
html = html.replace(meta, newMeta);
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script(s) hashed into script-src of ${file}`);
