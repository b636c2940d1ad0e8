#!/usr/bin/env node
// Which Rust toolchain builds the web app for wasm32, and with what environment.
//
// Two paths, tried in this order:
//   1. rustup's `wasm32-unknown-unknown` target, when `rustup target list --installed` lists
//      it: plain cargo and rustc of that toolchain, nothing unstable. The usual path on any
//      machine with rustup (Linux, macOS, Windows/WSL): `rustup target add wasm32-unknown-unknown`.
//   2. Debian's `rustc-web` (/usr/bin/rustc, with the standard library's source in
//      /usr/lib/rustlib/src): std is built for wasm32 by cargo itself, which needs
//      RUSTC_BOOTSTRAP=1 and CARGO_UNSTABLE_BUILD_STD=std,panic_abort. For machines where
//      rustup cannot download the target (as on the project's build machines).
// If neither is there, it says what to install, both ways.
//
// The choice is a pure function of facts about the machine (`chooseToolchain`), unit-tested
// in tests/browser/toolchain.test.mjs with made-up `rustup` outputs; `probe()` gathers the
// facts. Used by the Makefile and by scripts/build-xlsx.mjs:
//
//   node scripts/wasm-toolchain.mjs              say which path is taken (exit 1 if none)
//   node scripts/wasm-toolchain.mjs --env        the web build's environment, as a shell
//                                                command prefix (`env -u … VAR='…' … PATH='…':"$PATH"`)
//   node scripts/wasm-toolchain.mjs --apt-packages
//                                                the Debian packages still needed, one line
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_TARGET = 'wasm32-unknown-unknown';
export const DEBIAN = { rustc: '/usr/bin/rustc', cargo: '/usr/bin/cargo', stdSource: '/usr/lib/rustlib/src/rust/library' };
/** What the Debian path needs: rustc 1.96 and cargo with std's source, the wasm linker, and the clippy of that rustc (make lint-wasm). */
export const DEBIAN_RUST_PACKAGES = ['rustc-web', 'cargo-web', 'rust-web-src', 'lld-22', 'rust-web-clippy'];
/** The browser the browser tests drive (tests/browser/helpers.mjs, env CHROMIUM). */
export const BROWSER_PACKAGES = ['chromium'];
/**
 * Size flags of the Debian path, where std is built with the app (build-std, unstable): a panic
 * traps at once (no message formatting; nothing panics on user data by design), no source
 * locations kept for panics, and no `Debug` formatting (the app never shows `{:?}`). Together
 * they take about a tenth off the app's WebAssembly. Not available on the rustup (stable) path.
 */
export const SIZE_RUSTFLAGS = '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none';
/** The variables only the Debian path sets; the rustup path removes them. */
export const UNSTABLE_VARS = ['RUSTC_BOOTSTRAP', 'CARGO_UNSTABLE_BUILD_STD'];

export const INSTALL_HELP = `No Rust toolchain that can build for ${WASM_TARGET} was found. Install one of:
  - rustup's target (any system with rustup: Linux, macOS, WSL):
      rustup target add ${WASM_TARGET}
  - Debian's wasm-capable Rust (Debian 12 or later, where rustup cannot download the target):
      sudo apt-get install ${DEBIAN_RUST_PACKAGES.join(' ')}
    (\`make setup-apt\` does this when apt-get exists).`;

/** Whether the output of `rustup target list --installed` lists the wasm32 target. */
export function listsWasmTarget(rustupInstalled) {
  if (typeof rustupInstalled !== 'string') return false;
  return rustupInstalled.split(/\r?\n/).some((line) => line.trim() === WASM_TARGET);
}

/**
 * The path to take, from facts about the machine:
 *   rustupInstalled  stdout of `rustup target list --installed`, or null (no rustup, or it failed)
 *   rustupCargo, rustupRustc  `rustup which cargo` / `rustup which rustc`, or null
 *   debianRustc, debianCargo, debianStdSource  whether DEBIAN's paths exist
 * Returns { path: 'rustup' | 'debian', cargo, rustc, binDir, set, unset, describe }
 * or { path: null, error }.
 */
export function chooseToolchain(facts) {
  const f = facts ?? {};
  if (listsWasmTarget(f.rustupInstalled) && f.rustupCargo && f.rustupRustc) {
    return {
      path: 'rustup',
      cargo: f.rustupCargo,
      rustc: f.rustupRustc,
      binDir: dirname(f.rustupCargo),
      set: { WASM_TOOLCHAIN: 'rustup', RUSTC: f.rustupRustc },
      unset: [...UNSTABLE_VARS],
      describe: `wasm build: rustup's ${WASM_TARGET} target (${f.rustupRustc}), no build-std`,
    };
  }
  if (f.debianRustc && f.debianCargo && f.debianStdSource) {
    const why = f.rustupInstalled == null ? 'no rustup' : `rustup has no ${WASM_TARGET} target`;
    return {
      path: 'debian',
      cargo: DEBIAN.cargo,
      rustc: DEBIAN.rustc,
      binDir: null,
      set: { WASM_TOOLCHAIN: 'debian', RUSTC: DEBIAN.rustc, RUSTC_BOOTSTRAP: '1', CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort', RUSTFLAGS: SIZE_RUSTFLAGS },
      unset: [],
      describe: `wasm build: Debian's rustc-web (${DEBIAN.rustc}) with build-std, RUSTC_BOOTSTRAP=1 (${why})`,
    };
  }
  const missing = [];
  if (f.debianRustc && f.debianCargo && !f.debianStdSource) missing.push(`Debian's rustc is there but not the standard library's source (${DEBIAN.stdSource}: package rust-web-src).`);
  if (listsWasmTarget(f.rustupInstalled) && !(f.rustupCargo && f.rustupRustc)) missing.push(`rustup lists ${WASM_TARGET} but \`rustup which cargo\` failed.`);
  return { path: null, error: [...missing, INSTALL_HELP].join('\n') };
}

/**
 * The Debian packages still needed: the Rust ones only when rustup's target is not installed,
 * Chromium only when no browser is found. `installed` lists the packages dpkg has.
 */
export function aptPackagesNeeded(facts, installed = []) {
  const f = facts ?? {};
  const want = [];
  if (!listsWasmTarget(f.rustupInstalled)) want.push(...DEBIAN_RUST_PACKAGES);
  if (!f.browser) want.push(...BROWSER_PACKAGES);
  return want.filter((p) => !installed.includes(p));
}

/**
 * The web build's environment: `choice.set` on top of `base`, `choice.unset` removed, and PATH
 * = the toolchain's own bin folder (rustup path), the repository's .tools/bin (wasm-opt; and
 * Debian's cargo and rustc, linked by the Makefile), cargo's bin folder (trunk, wasm-bindgen),
 * then the PATH of `base`.
 */
export function buildEnv(choice, base, { repo, cargoBin }) {
  const env = { ...base };
  for (const k of choice.unset) delete env[k];
  Object.assign(env, choice.set);
  env.PATH = [choice.binDir, join(repo, '.tools', 'bin'), cargoBin, base.PATH].filter(Boolean).join(':');
  return env;
}

const quote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

/**
 * The environment as a shell command prefix for the Makefile: `env -u X VAR='value' …
 * PATH='…':"$PATH"` (the caller's PATH is appended when the command runs).
 */
export function shellPrefix(choice, { repo, cargoBin }) {
  const words = ['env', ...choice.unset.flatMap((k) => ['-u', k])];
  for (const [k, v] of Object.entries(choice.set)) words.push(`${k}=${quote(v)}`);
  const path = [choice.binDir, join(repo, '.tools', 'bin'), cargoBin].filter(Boolean).join(':');
  words.push(`PATH=${quote(path)}:"$PATH"`);
  return words.join(' ');
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** The facts about this machine that `chooseToolchain` needs. */
export function probe(env = process.env) {
  const rustupInstalled = run('rustup', ['target', 'list', '--installed']);
  const which = (tool) => (rustupInstalled == null ? null : run('rustup', ['which', tool])?.trim() || null);
  const browser = env.CHROMIUM ? existsSync(env.CHROMIUM) : existsSync('/usr/bin/chromium');
  return {
    rustupInstalled,
    rustupCargo: which('cargo'),
    rustupRustc: which('rustc'),
    debianRustc: existsSync(DEBIAN.rustc),
    debianCargo: existsSync(DEBIAN.cargo),
    debianStdSource: existsSync(DEBIAN.stdSource),
    browser,
  };
}

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cargoBinOf = (env) => join(env.CARGO_HOME ?? join(env.HOME ?? '', '.cargo'), 'bin');

/**
 * For the build scripts: the web build's environment and the cargo to run. What the Makefile
 * chose (WASM_TOOLCHAIN in the environment) is kept; run by hand, the same choice is made here.
 * Exits with the install help when there is no toolchain.
 */
export function webBuildEnv(base = process.env, who = 'build') {
  const choice = chooseToolchain(probe(base));
  if (!choice.path) {
    console.error(`${who}: ${choice.error}`);
    process.exit(1);
  }
  if (base.WASM_TOOLCHAIN && base.WASM_TOOLCHAIN !== choice.path) {
    console.error(`${who}: the Makefile chose the ${base.WASM_TOOLCHAIN} toolchain, this machine now offers ${choice.path}: using ${choice.path}`);
  }
  return { env: buildEnv(choice, base, { repo: REPO, cargoBin: cargoBinOf(base) }), cargo: choice.cargo, choice };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const facts = probe();
  const choice = chooseToolchain(facts);
  const mode = process.argv[2] ?? '';
  if (mode === '--apt-packages') {
    const installed = (run('dpkg-query', ['-W', '-f', '${Package} ${Status}\\n']) ?? '')
      .split('\n')
      .filter((l) => l.endsWith('install ok installed'))
      .map((l) => l.split(' ')[0]);
    console.log(aptPackagesNeeded(facts, installed).join(' '));
  } else if (mode === '--env') {
    // On no toolchain, an environment that makes the first cargo command fail with the help.
    if (!choice.path) {
      console.error(`setup: ${choice.error}`);
      console.log('false');
    } else {
      console.log(shellPrefix(choice, { repo: REPO, cargoBin: cargoBinOf(process.env) }));
    }
  } else if (mode === '' || mode === '--check') {
    if (!choice.path) {
      console.error(`setup: ${choice.error}`);
      process.exit(1);
    }
    console.log(choice.describe);
  } else {
    console.error('usage: node scripts/wasm-toolchain.mjs [--check | --env | --apt-packages]');
    process.exit(2);
  }
}
