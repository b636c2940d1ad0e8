// The web build's choice of toolchain (scripts/wasm-toolchain.mjs), on made-up machines: rustup's
// wasm32 target cannot be installed on the project's build machines, so the rustup path is
// tested here from fake `rustup target list --installed` outputs. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  aptPackagesNeeded,
  buildEnv,
  chooseToolchain,
  DEBIAN_RUST_PACKAGES,
  listsWasmTarget,
  shellPrefix,
} from '../../scripts/wasm-toolchain.mjs';

const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const RUSTUP_WITH = 'x86_64-unknown-linux-gnu\nwasm32-unknown-unknown\n';
const RUSTUP_WITHOUT = 'x86_64-unknown-linux-gnu\n';
const TC = '/home/u/.rustup/toolchains/stable-aarch64-apple-darwin/bin';
const rustupFacts = (installed) => ({ rustupInstalled: installed, rustupCargo: `${TC}/cargo`, rustupRustc: `${TC}/rustc` });
const DEBIAN = { debianRustc: true, debianCargo: true, debianStdSource: true };

test('rustup output is read line by line, exactly', () => {
  assert.equal(listsWasmTarget(RUSTUP_WITH), true);
  assert.equal(listsWasmTarget('wasm32-unknown-unknown'), true);
  assert.equal(listsWasmTarget('x86_64-pc-windows-msvc\r\nwasm32-unknown-unknown\r\n'), true);
  assert.equal(listsWasmTarget(RUSTUP_WITHOUT), false);
  assert.equal(listsWasmTarget('wasm32-unknown-emscripten\nwasm32-wasip1\nwasm32-unknown-unknown-extra\n'), false);
  assert.equal(listsWasmTarget(''), false);
  assert.equal(listsWasmTarget(null), false);
});

test("rustup's target wins when installed, even where Debian's rustc-web is there too", () => {
  for (const debian of [{}, DEBIAN]) {
    const c = chooseToolchain({ ...rustupFacts(RUSTUP_WITH), ...debian });
    assert.equal(c.path, 'rustup');
    assert.equal(c.cargo, `${TC}/cargo`);
    assert.equal(c.binDir, TC);
    assert.deepEqual(c.set, { WASM_TOOLCHAIN: 'rustup', RUSTC: `${TC}/rustc` });
    // Plain cargo: nothing unstable, and any inherited unstable flag removed.
    assert.deepEqual(c.unset, ['RUSTC_BOOTSTRAP', 'CARGO_UNSTABLE_BUILD_STD']);
    assert.match(c.describe, /^wasm build: rustup's wasm32-unknown-unknown target .* no build-std$/);
  }
});

test("Debian's rustc-web with build-std when rustup is missing or lacks the target", () => {
  for (const [rustup, why] of [[{ rustupInstalled: null }, 'no rustup'], [rustupFacts(RUSTUP_WITHOUT), 'rustup has no wasm32-unknown-unknown target'], [{ rustupInstalled: RUSTUP_WITH, rustupCargo: null, rustupRustc: null }, 'rustup']]) {
    const c = chooseToolchain({ ...rustup, ...DEBIAN });
    assert.equal(c.path, 'debian');
    assert.equal(c.cargo, '/usr/bin/cargo');
    assert.deepEqual(c.set, { WASM_TOOLCHAIN: 'debian', RUSTC: '/usr/bin/rustc', RUSTC_BOOTSTRAP: '1', CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort', RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none' });
    assert.match(c.describe, /Debian's rustc-web .* build-std, RUSTC_BOOTSTRAP=1/);
    assert.ok(c.describe.includes(why), c.describe);
  }
});

test('no toolchain: an error saying what to install, both ways', () => {
  for (const facts of [{}, { rustupInstalled: RUSTUP_WITHOUT }, { rustupInstalled: null, debianRustc: true, debianCargo: false, debianStdSource: true }]) {
    const c = chooseToolchain(facts);
    assert.equal(c.path, null);
    assert.match(c.error, /rustup target add wasm32-unknown-unknown/);
    assert.match(c.error, /apt-get install rustc-web cargo-web rust-web-src lld-22 rust-web-clippy/);
  }
  const noSrc = chooseToolchain({ debianRustc: true, debianCargo: true, debianStdSource: false });
  assert.equal(noSrc.path, null);
  assert.match(noSrc.error, /not the standard library's source .*rust-web-src/);
});

test('apt installs only what is needed', () => {
  assert.deepEqual(aptPackagesNeeded({ rustupInstalled: RUSTUP_WITH, browser: true }), []);
  assert.deepEqual(aptPackagesNeeded({ rustupInstalled: RUSTUP_WITH, browser: false }), ['chromium']);
  assert.deepEqual(aptPackagesNeeded({ rustupInstalled: RUSTUP_WITHOUT, browser: true }), DEBIAN_RUST_PACKAGES);
  assert.deepEqual(aptPackagesNeeded({ rustupInstalled: null, browser: false }, ['rustc-web', 'chromium']), ['cargo-web', 'rust-web-src', 'lld-22', 'rust-web-clippy']);
});

test('the environment: the toolchain first on PATH, unstable flags only on the Debian path', () => {
  const base = { PATH: '/usr/bin:/bin', RUSTC_BOOTSTRAP: '1', CARGO_UNSTABLE_BUILD_STD: 'std', HOME: '/home/u' };
  const opts = { repo: '/r', cargoBin: '/home/u/.cargo/bin' };
  const r = buildEnv(chooseToolchain(rustupFacts(RUSTUP_WITH)), base, opts);
  assert.equal(r.PATH, `${TC}:/r/.tools/bin:/home/u/.cargo/bin:/usr/bin:/bin`);
  assert.equal(r.RUSTC, `${TC}/rustc`);
  assert.equal('RUSTC_BOOTSTRAP' in r, false);
  assert.equal('CARGO_UNSTABLE_BUILD_STD' in r, false);
  const d = buildEnv(chooseToolchain({ rustupInstalled: null, ...DEBIAN }), { PATH: '/bin' }, opts);
  assert.equal(d.PATH, '/r/.tools/bin:/home/u/.cargo/bin:/bin');
  assert.equal(d.RUSTC_BOOTSTRAP, '1');
  assert.equal(d.CARGO_UNSTABLE_BUILD_STD, 'std,panic_abort');
});

test('the Makefile prefix runs in a shell to the same environment', () => {
  const opts = { repo: "/r/it's here", cargoBin: '/c/bin' };
  for (const facts of [rustupFacts(RUSTUP_WITH), { rustupInstalled: null, ...DEBIAN }]) {
    const choice = chooseToolchain(facts);
    const prefix = shellPrefix(choice, opts);
    const r = spawnSync('sh', ['-c', `${prefix} sh -c 'echo "$WASM_TOOLCHAIN|$RUSTC|\${RUSTC_BOOTSTRAP-unset}|$PATH"'`], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', RUSTC_BOOTSTRAP: 'inherited' },
    });
    assert.equal(r.status, 0, r.stderr);
    const [tc, rustc, boot, path] = r.stdout.trim().split('|');
    assert.equal(tc, choice.path);
    assert.equal(rustc, choice.rustc);
    assert.equal(boot, choice.path === 'rustup' ? 'unset' : '1');
    assert.equal(path, buildEnv(choice, { PATH: '/usr/bin:/bin' }, opts).PATH);
  }
});

test('the script on this machine says which path it took', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'wasm-toolchain.mjs')], { encoding: 'utf8' });
  if (r.status === 0) {
    assert.match(r.stdout, /^wasm build: (rustup's wasm32-unknown-unknown target|Debian's rustc-web)/);
  } else {
    assert.match(r.stderr, /rustup target add wasm32-unknown-unknown/);
  }
  const bad = spawnSync(process.execPath, [join(REPO, 'scripts', 'wasm-toolchain.mjs'), '--frobnicate'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
});
