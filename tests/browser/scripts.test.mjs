// The build scripts themselves: the size budget check and the CSP completion can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CEILING_BYTES, rateCardUrl } from '../../scripts/size.mjs';
import { REPO } from './helpers.mjs';

const node = (script, ...args) => spawnSync(process.execPath, [join(REPO, 'scripts', script), ...args], { encoding: 'utf8' });

function fakeDist(wasmBytes) {
  const dir = mkdtempSync(join(tmpdir(), 'dist-'));
  writeFileSync(join(dir, 'index.html'),
    '<!doctype html><link href=./style-1.css rel=stylesheet><script type=module>import init from"./app-1.js";await init({module_or_path:`./app-1_bg.wasm`});</script>');
  writeFileSync(join(dir, 'style-1.css'), 'body{}');
  writeFileSync(join(dir, 'app-1.js'), 'export default async function init() {}');
  writeFileSync(join(dir, 'app-1_bg.wasm'), wasmBytes);
  mkdirSync(join(dir, 'ratecards'), { recursive: true });
  writeFileSync(join(dir, rateCardUrl()), '{}');
  return dir;
}

test('the size check passes a small first load and fails one over the ceiling', () => {
  const small = node('size.mjs', fakeDist(randomBytes(10_000)), '--check');
  assert.equal(small.status, 0, small.stderr);
  assert.match(small.stdout, /app-1_bg\.wasm/);
  assert.match(small.stdout, /target 350\.0 KB met/);
  assert.match(small.stdout, /first load within the ceiling/);
  // Random bytes do not compress: just over the ceiling gzipped.
  const big = node('size.mjs', fakeDist(randomBytes(CEILING_BYTES + 1024)), '--check');
  assert.equal(big.status, 1);
  assert.match(big.stderr, /over the ceiling/);
});

test('csp.mjs hashes every inline script into script-src', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csp-'));
  const file = join(dir, 'index.html');
  const body = 'import init from"./a.js";await init();';
  writeFileSync(file, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval' CSP_SCRIPT_HASHES; connect-src 'self'"><script type=module>${body}</script><script src=./x.js></script>`);
  const r = node('csp.mjs', file);
  assert.equal(r.status, 0, r.stderr);
  const hash = createHash('sha256').update(body).digest('base64');
  assert.match(readFileSync(file, 'utf8'), new RegExp(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash.replace(/[+/]/g, '\\$&')}'; connect-src 'self'"`));
  // Running it again (a rebuild with the same loader) gives the same policy.
  const again = node('csp.mjs', file);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((readFileSync(file, 'utf8').match(/sha256-/g) ?? []).length, 1);
});

test('csp.mjs refuses a policy that is not strict', () => {
  for (const [policy, extra] of [
    ["script-src 'self' 'unsafe-eval' CSP_SCRIPT_HASHES", ''],
    ["script-src 'self' CSP_SCRIPT_HASHES; connect-src https://example.org", ''],
    ["script-src 'self' CSP_SCRIPT_HASHES; style-src 'unsafe-inline'", ''],
    ["script-src 'self' CSP_SCRIPT_HASHES", '<button onclick="x()">x</button>'],
    ["script-src 'self' CSP_SCRIPT_HASHES", '<style>body{}</style>'],
  ]) {
    const dir = mkdtempSync(join(tmpdir(), 'csp-'));
    const file = join(dir, 'index.html');
    writeFileSync(file, `<meta http-equiv="Content-Security-Policy" content="${policy}"><script type=module>go()</script>${extra}`);
    const r = node('csp.mjs', file);
    assert.equal(r.status, 1, `${policy} ${extra}: ${r.stdout}`);
  }
});
