#!/usr/bin/env node
// Builds the spreadsheet module (the crate in xlsx/) into <site>/xlsx/: xlsx.js and
// xlsx_bg.wasm, loaded by the app only when someone imports or exports a spreadsheet
// (web/lazy-xlsx.js), so it is not part of the first load.
//
// A Trunk post_build hook (Trunk.toml), so `make dist` and `trunk serve` both include it;
// also runnable by hand: `node scripts/build-xlsx.mjs dist`. It uses the web build's
// environment from the Makefile (the wasm toolchain of scripts/wasm-toolchain.mjs, wasm-bindgen
// and wasm-opt on PATH). The output of wasm-bindgen and wasm-opt is cached under
// target/xlsx/pkg by the hash of the compiled module, so a rebuild that changes nothing else
// costs a no-op `cargo build` only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webBuildEnv } from './wasm-toolchain.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(REPO, 'dist');
// The web build's target folder (the Makefile's WEB_ENV): the standard library, built for
// wasm32 once, serves both modules.
const targetDir = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target', 'web');
// The web build's toolchain and flags, as the Makefile's WEB_ENV chose them (rustup's wasm32
// target, else Debian's rustc-web with build-std): scripts/wasm-toolchain.mjs.
const { env, cargo } = webBuildEnv({ ...process.env, CARGO_TARGET_DIR: targetDir }, 'xlsx');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) {
    console.error(`xlsx: could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`xlsx: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

// Offline: the Makefile fetches the crates first (`make dist`); by hand, fetch them once with
// `cargo fetch --target wasm32-unknown-unknown`.
const offline = process.env.XLSX_ONLINE ? [] : ['--offline'];
run(cargo, ['build', '--quiet', '--release', '--locked', ...offline, '--target', 'wasm32-unknown-unknown', '-p', 'kent-sen-funding-xlsx']);

const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'kent_sen_funding_xlsx.wasm');
const key = createHash('sha256').update(readFileSync(built)).digest('hex').slice(0, 16);
const pkg = join(targetDir, 'xlsx-pkg', key);
if (!existsSync(join(pkg, 'xlsx_bg.wasm'))) {
  const tmp = `${pkg}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'xlsx', built]);
  run('wasm-opt', ['-Oz', '--output', join(tmp, 'xlsx_bg.opt.wasm'), join(tmp, 'xlsx_bg.wasm')]);
  copyFileSync(join(tmp, 'xlsx_bg.opt.wasm'), join(tmp, 'xlsx_bg.wasm'));
  rmSync(join(tmp, 'xlsx_bg.opt.wasm'));
  rmSync(pkg, { recursive: true, force: true });
  spawnSync('mv', [tmp, pkg]);
}
const out = join(site, 'xlsx');
mkdirSync(out, { recursive: true });
for (const f of ['xlsx.js', 'xlsx_bg.wasm']) copyFileSync(join(pkg, f), join(out, f));
console.log(`xlsx: the spreadsheet module is in ${out} (${key})`);
