// The build scripts themselves: the size budget check and the CSP completion can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGET_BYTES, rateCardUrl } from '../../scripts/size.mjs';
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

test('the size check passes a small first load and fails one over the budget', () => {
  const small = node('size.mjs', fakeDist(randomBytes(10_000)), '--check');
  assert.equal(small.status, 0, small.stderr);
  assert.match(small.stdout, /app-1_bg\.wasm/);
  assert.match(small.stdout, /#\/school .*: within/);
  assert.match(small.stdout, /every route's first load within the budget/);
  // Random bytes do not compress: just over the budget gzipped.
  const big = node('size.mjs', fakeDist(randomBytes(BUDGET_BYTES + 1024)), '--check');
  assert.equal(big.status, 1);
  assert.match(big.stderr, /over the budget of 350\.0 KB/);
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

// The gates of `make test`: rustfmt and clippy, and that each of them fails the
// build. `make lint` runs exactly these commands; they are run here on a scratch crate with one
// fault each.
test('make lint runs rustfmt and clippy with warnings as errors, and each fails on a fault', () => {
  const plan = spawnSync('make', ['-n', 'lint'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(plan.status, 0, plan.stderr);
  assert.match(plan.stdout, /fmt --all --check/);
  assert.match(plan.stdout, /clippy --quiet --workspace --all-targets -- -D warnings/);
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "scratch"\nversion = "0.1.0"\nedition = "2021"\n[workspace]\n');
  mkdirSync(join(dir, 'src'));
  const cargo = (args) => spawnSync('cargo', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CARGO_TARGET_DIR: join(dir, 'target') } });
  // Badly formatted, otherwise clean.
  writeFileSync(join(dir, 'src', 'main.rs'), 'fn main( ) {println!("hi");}\n');
  assert.notEqual(cargo(['fmt', '--all', '--check']).status, 0, 'rustfmt fails on unformatted code');
  assert.equal(cargo(['clippy', '--quiet', '--all-targets', '--', '-D', 'warnings']).status, 0);
  // Formatted, with a clippy warning.
  writeFileSync(join(dir, 'src', 'main.rs'), 'fn main() {\n    let v = vec![1];\n    println!("{}", v.len() == 0);\n}\n');
  assert.equal(cargo(['fmt', '--all', '--check']).status, 0);
  const lint = cargo(['clippy', '--quiet', '--all-targets', '--', '-D', 'warnings']);
  assert.notEqual(lint.status, 0, 'clippy fails on a warning');
  assert.match(lint.stderr, /len_zero|is_empty/);
});

// Every script and wasm is named by its own content hash, whatever hash Trunk put in the name
// (Trunk's is a number in hex, so it can be shorter than 16 digits).
test('hash-assets names a file by its content, dropping the hash Trunk gave it', async () => {
  const { contentName } = await import('../../scripts/hash-assets.mjs');
  const h = createHash('sha256').update('x').digest('hex').slice(0, 16);
  assert.equal(contentName('kent-sen-funding-web-dd4bac3ca041f38_bg.wasm', Buffer.from('x')), `kent-sen-funding-web_bg-${h}.wasm`);
  assert.equal(contentName('kent-sen-funding-web-015b25857de3ea44.js', Buffer.from('x')), `kent-sen-funding-web-${h}.js`);
  assert.equal(contentName('snippets/a/lazy-xlsx.js', Buffer.from('x')), `lazy-xlsx-${h}.js`);
  assert.notEqual(contentName('xlsx.js', Buffer.from('y')), contentName('xlsx.js', Buffer.from('x')));
});

test('the split loader reads the address as the app does (web/src/route.rs, Page::from_hash)', async () => {
  const { ROUTE_KEY_JS, ROUTES } = await import('../../scripts/split-wasm.mjs');
  const key = eval(ROUTE_KEY_JS);
  const cases = {
    '': 'home', '#/': 'home', '#': 'home', '#/school': 'school', '#school/': 'school', '#/school?x=1': 'school',
    '#/follow-the-child?band=SA3': 'follow', '#/communities': 'communities', '#/rate-card': 'ratecard',
    '#/rate-card?set=bands.SA3.rate:1': 'ratecard', '#/no-such-page': 'home',
  };
  for (const [hash, want] of Object.entries(cases)) assert.equal(key(hash), want, hash);
  // Every route the profile visits has its key, and every page of the app is a route.
  for (const [hash, k] of ROUTES) assert.equal(key(hash), k);
  const route = readFileSync(join(REPO, 'web/src/route.rs'), 'utf8');
  const hrefs = [...route.matchAll(/=> "(#\/[a-z-]*)",/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(hrefs)].sort(), ROUTES.map(([h]) => h).sort());
});

test('each build tool has one version: Trunk.toml and the Makefile agree with Cargo.toml and package.json', () => {
  const cargo = readFileSync(join(REPO, 'Cargo.toml'), 'utf8');
  const trunkToml = readFileSync(join(REPO, 'Trunk.toml'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const bindgen = cargo.match(/^wasm-bindgen = "=([0-9.]+)"/m)?.[1];
  const trunk = cargo.match(/^\[workspace\.metadata\.tools\][\s\S]*?^trunk = "([0-9.]+)"/m)?.[1];
  const binaryen = pkg.devDependencies.binaryen.split('.')[0];
  assert.ok(bindgen && trunk && binaryen, 'the pins are where the Makefile reads them');
  assert.equal(trunkToml.match(/^wasm_bindgen = "([0-9.]+)"/m)?.[1], bindgen, 'Trunk.toml wasm_bindgen = Cargo.toml wasm-bindgen pin');
  assert.equal(trunkToml.match(/^wasm_opt = "version_([0-9]+)"/m)?.[1], binaryen, 'Trunk.toml wasm_opt = package.json binaryen');
  // No other crate of the workspace pins wasm-bindgen on its own.
  for (const crate of ['web', 'xlsx', 'fast']) {
    const toml = readFileSync(join(REPO, crate, 'Cargo.toml'), 'utf8');
    assert.doesNotMatch(toml, /^wasm-bindgen\s*=\s*"/m, `${crate}/Cargo.toml takes wasm-bindgen from the workspace`);
  }
  const make = spawnSync('make', ['-s', '-pn', 'help'], { cwd: REPO, encoding: 'utf8' }).stdout;
  assert.match(make, new RegExp(`^WASM_BINDGEN_VERSION := ${bindgen.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(make, new RegExp(`^TRUNK_VERSION := ${trunk.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(make, new RegExp(`^WASM_OPT_VERSION := ${binaryen}$`, 'm'));
});

test('hash-assets puts the modulepreload links in one order whatever order Trunk wrote them in', async () => {
  const { sortPreloads } = await import('../../scripts/hash-assets.mjs');
  const a = '<head><link crossorigin href=./b-1.js rel=modulepreload><link crossorigin href=./a-2.js rel=modulepreload>\n<script>x</script>';
  const b = '<head><link crossorigin href=./a-2.js rel=modulepreload><link crossorigin href=./b-1.js rel=modulepreload>\n<script>x</script>';
  assert.equal(sortPreloads(a), sortPreloads(b));
  assert.equal(sortPreloads(a), b);
});
