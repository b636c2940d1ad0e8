#!/usr/bin/env node
// Builds the journeys module (the crate in journeys/: "How funding follows the child",
// "Community budgets" and the rate card editor) into <site>/journeys/: journeys.js,
// journeys_bg.wasm and the JavaScript snippets they import. The app loads it when one of these
// journeys is first opened (www/lazy-journeys.js), so it is not part of the first load.
//
// A Trunk post_build hook (Trunk.toml), after the app's own build; also runnable by hand:
// `node scripts/build-journeys.mjs dist`. It uses the web build's environment from the
// Makefile (scripts/wasm-toolchain.mjs: the wasm toolchain, wasm-bindgen and wasm-opt on PATH) and
// the app's target directory, so the crates both modules share are built once. The output of
// wasm-bindgen and wasm-opt is cached under target/journeys-pkg by the hash of the compiled
// module, so a rebuild that changes nothing costs a no-op `cargo build` only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webBuildEnv } from './wasm-toolchain.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(REPO, 'dist');
// The web build's toolchain and flags, as the Makefile's WEB_ENV chose them (rustup's wasm32
// target, else Debian's rustc-web with build-std): scripts/wasm-toolchain.mjs.
const { env, cargo } = webBuildEnv(process.env, 'journeys');
env.CARGO_TARGET_DIR ??= join(REPO, 'target', 'web');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) {
    console.error(`journeys: could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`journeys: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

// Offline, like Trunk: the Makefile fetches the crates first (`make dist`). Not --locked: the
// module follows the main crate's dependencies, so its lock file follows web/Cargo.lock.
const offline = process.env.JOURNEYS_ONLINE ? [] : ['--offline'];
run(cargo, ['build', '--quiet', '--release', ...offline, '--target', 'wasm32-unknown-unknown', '--manifest-path', join(REPO, 'journeys', 'Cargo.toml')]);

const built = join(env.CARGO_TARGET_DIR, 'wasm32-unknown-unknown', 'release', 'kent_sen_funding_journeys.wasm');
const key = createHash('sha256').update(readFileSync(built)).digest('hex').slice(0, 16);
const pkg = join(REPO, 'target', 'journeys-pkg', key);
if (!existsSync(join(pkg, 'journeys_bg.wasm'))) {
  const tmp = `${pkg}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'journeys', built]);
  run('wasm-opt', ['-Oz', '--output', join(tmp, 'journeys_bg.opt.wasm'), join(tmp, 'journeys_bg.wasm')]);
  renameSync(join(tmp, 'journeys_bg.opt.wasm'), join(tmp, 'journeys_bg.wasm'));
  rmSync(pkg, { recursive: true, force: true });
  renameSync(tmp, pkg);
}
const out = join(site, 'journeys');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(pkg, out, { recursive: true });
console.log(`journeys: the journeys module is in ${out} (${key})`);
