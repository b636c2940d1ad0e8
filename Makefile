# Kent SEN funding calculator — build, test and serve.
#
#   make serve   install what is missing, build the site, serve it on http://127.0.0.1:8080
#   make test    install what is missing, then cargo test, the release build of the site,
#                the size budget and the browser tests (Chromium) against that build
#   make dist    the deployable static site in dist/
#   make size    the gzipped size of every file in dist/, and of the first load
#   make bench   the engine benchmark: a generated Kent-scale county, timed
#   make fuzz    fuzz the five readers (cargo-fuzz, nightly), FUZZ_SECONDS (600) each
#
# Every install step is idempotent and quiet when the tool is already there.
#
# Two Rust toolchains may be used:
#  * native (`cargo test`, the CLI): the rustup toolchain on PATH;
#  * the web build (wasm32), chosen by scripts/wasm-toolchain.mjs, which says which it took:
#    rustup's wasm32-unknown-unknown target where it is installed (plain cargo), else
#    Debian's rustc-web 1.96, which ships the standard library's source, so std is built for
#    wasm32 with -Z build-std (RUSTC_BOOTSTRAP=1): rustup cannot download the wasm32 target on
#    the project's build machines.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# --- versions: each written once (Cargo.toml's wasm-bindgen pin and [workspace.metadata.tools],
# package.json's binaryen); Trunk.toml repeats them, checked by tests/browser/scripts.test.mjs --
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
TRUNK_VERSION        := $(shell sed -n '/^\[workspace.metadata.tools\]/,/^\[/s/^trunk = "\([0-9.]*\)"/\1/p' Cargo.toml)
WASM_OPT_VERSION     := $(shell sed -n 's/^ *"binaryen": "\([0-9]*\)\..*/\1/p' package.json)

# Build tools (Trunk, wasm-bindgen-cli) are compiled in the quickest profile that still runs
# them well: opt-level 1, no LTO, many codegen units, no debug info.
FAST_INSTALL := CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
	CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false CARGO_INCREMENTAL=0

# --- where things are ---------------------------------------------------------------------
CARGO_HOME   ?= $(HOME)/.cargo
CARGO_BIN    := $(CARGO_HOME)/bin
NATIVE_CARGO ?= $(shell command -v cargo 2>/dev/null || echo $(CARGO_BIN)/cargo)
DEBIAN_CARGO := /usr/bin/cargo
DEBIAN_RUSTC := /usr/bin/rustc
TOOLS        := $(CURDIR)/.tools/bin
HOST         ?= 127.0.0.1
PORT         ?= 8080
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The environment of the web build, from scripts/wasm-toolchain.mjs (asked once, when first
# needed): the chosen toolchain's cargo and rustc first on PATH (rustup's toolchain folder, or
# Debian's through .tools/bin), then trunk and wasm-bindgen from cargo's bin directory; the
# unstable flags only on the Debian path. Run `cargo`, not a fixed path, after it.
WASM_ENV = $(eval WASM_ENV := $$(shell CARGO_HOME="$(CARGO_HOME)" node scripts/wasm-toolchain.mjs --env))$(WASM_ENV)
WEB_ENV = $(WASM_ENV) CARGO_TARGET_DIR="$(CURDIR)/target/web" CARGO_TERM_PROGRESS_WHEN=never

.PHONY: help setup setup-apt setup-wasm-toolchain setup-wasm-bindgen setup-trunk setup-npm setup-tools \
	serve test test-native test-browser lint-all dist dist-dev dist-unsplit split-record dist-check dist-again finish-dist lint lint-wasm lighthouse size size-check clean bench fuzz fuzz-short setup-fuzz

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# --- set-up ---------------------------------------------------------------------------------

setup: setup-apt setup-wasm-toolchain setup-wasm-bindgen setup-trunk setup-npm setup-tools

## Debian packages, only those still needed (scripts/wasm-toolchain.mjs --apt-packages):
## Debian's wasm-capable Rust (rustc-web with std's source, lld) unless rustup's wasm32 target
## is installed, and Chromium unless a browser is found ($CHROMIUM, else /usr/bin/chromium).
## Where there is no apt-get (macOS, other Linux), nothing is installed and it says what to do.
setup-apt:
	@missing="$$(node scripts/wasm-toolchain.mjs --apt-packages)"; \
	if [ -n "$$missing" ] && ! command -v apt-get >/dev/null 2>&1; then \
	  echo "setup: no apt-get on this machine: not installing$$(printf ' %s' $$missing)."; \
	  echo "setup: instead, install rustup's wasm32 target (rustup target add wasm32-unknown-unknown)"; \
	  echo "setup: and Chromium or Chrome, with CHROMIUM=/path/to/the/browser for the browser tests (README: Building)."; \
	elif [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## The wasm toolchain of the web build: says which path is taken, or what to install.
setup-wasm-toolchain: setup-apt
	@node scripts/wasm-toolchain.mjs | sed 's/^/setup: /'

## wasm-bindgen-cli at exactly the version of the wasm-bindgen pin.
setup-wasm-bindgen:
	@[ -n "$(WASM_BINDGEN_VERSION)" ] && [ -n "$(TRUNK_VERSION)" ] && [ -n "$(WASM_OPT_VERSION)" ] || \
	  { echo "setup: could not read the tools' versions from Cargo.toml and package.json"; exit 1; }
	@if [ "$$("$(CARGO_BIN)/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "setup: installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  $(FAST_INSTALL) "$(NATIVE_CARGO)" install --quiet --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

## Trunk 0.22 wants rustc >= 1.96.1: the nightly toolchain if rustup has one, else Debian's 1.96.
## Its release profile (fat LTO, one codegen unit) is relaxed: a build tool needs no LTO.
setup-trunk: setup-apt
	@if [ "$$("$(CARGO_BIN)/trunk" --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "setup: installing trunk $(TRUNK_VERSION) (several minutes, once)"; \
	  export $(FAST_INSTALL); \
	  if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then \
	    "$(NATIVE_CARGO)" +nightly install --quiet --force trunk --version $(TRUNK_VERSION) --root "$(CARGO_HOME)"; \
	  else \
	    RUSTC="$(DEBIAN_RUSTC)" "$(DEBIAN_CARGO)" install --quiet --force trunk --version $(TRUNK_VERSION) \
	      --ignore-rust-version --root "$(CARGO_HOME)"; \
	  fi; \
	fi

## npm packages from the committed lockfile: playwright-core, axe-core, binaryen (wasm-opt).
setup-npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@echo "setup: npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## .tools/bin: Debian's cargo and rustc for the web build, and wasm-opt from binaryen.
setup-tools: $(TOOLS)/wasm-opt $(TOOLS)/cargo $(TOOLS)/rustc
$(TOOLS)/cargo $(TOOLS)/rustc:
	@mkdir -p $(TOOLS)
	@ln -sf /usr/bin/$(notdir $@) $@
$(TOOLS)/wasm-opt: node_modules/.package-lock.json
	@mkdir -p $(TOOLS)
	@printf '#!/bin/sh\nexec node "%s/node_modules/binaryen/bin/wasm-opt" "$$@"\n' "$(CURDIR)" > $@
	@chmod +x $@
	@[ "$$($@ --version)" = "wasm-opt version $(WASM_OPT_VERSION) (version_$(WASM_OPT_VERSION))" ] || \
	  { echo "setup: wasm-opt is not version $(WASM_OPT_VERSION): $$($@ --version)"; rm -f $@; exit 1; }

# --- build ----------------------------------------------------------------------------------

## The deployable site. Trunk runs --offline (it never downloads a tool), so the crates are
## fetched first, the standard library's dependencies included.
dist: setup
	@echo "dist: building the site (release)"
	@$(WEB_ENV) cargo fetch --quiet --target wasm32-unknown-unknown
	@$(WEB_ENV) $(CARGO_BIN)/trunk --quiet build --release --offline
	@node scripts/split-wasm.mjs dist
	@$(MAKE) finish-dist

## The release build as Trunk leaves it, not split nor finished: the input of split-record.
dist-unsplit: setup
	@$(WEB_ENV) cargo fetch --quiet --target wasm32-unknown-unknown
	@$(WEB_ENV) $(CARGO_BIN)/trunk --quiet build --release --offline --dist target/dist-unsplit

## Records what each route's first visit runs (web/split-record.txt, committed), with Chromium:
## after a change to what a page draws before its figures, when first-load.test.mjs says a
## route's entry lacks a function. `make dist` reads the record and needs no browser.
split-record: dist-unsplit
	@node scripts/split-record.mjs target/dist-unsplit

## The release build a second time, into target/dist-again, with no browser to be found (where
## a mount namespace can be made, Chromium and playwright-core are hidden; elsewhere CHROMIUM
## points nowhere), then compared with dist/ byte for byte: `make dist` needs no browser, and
## the same commit gives the same site. Run by `make test` after `make dist`.
dist-check:
	@echo "test: a second build needs no browser and gives the same bytes"
	@rm -rf target/dist-again
	@if unshare -m true 2>/dev/null; then \
	  mkdir -p target/no-browser; \
	  unshare -m bash -c 'for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do [ -e $$b ] && mount --bind /dev/null $$b; done; \
	    mount --bind target/no-browser node_modules/playwright-core && $(MAKE) dist-again'; \
	else \
	  echo "dist-check: no mount namespace here: the browser is only pointed nowhere (CHROMIUM)"; \
	  CHROMIUM=/nonexistent/chromium $(MAKE) dist-again; \
	fi
	@node scripts/compare-sites.mjs dist target/dist-again

dist-again:
	@$(WEB_ENV) $(CARGO_BIN)/trunk --quiet build --release --offline --dist target/dist-again
	@node scripts/split-wasm.mjs target/dist-again >/dev/null
	@node scripts/finish-dist.mjs target/dist-again >/dev/null

## A quicker, larger debug build of the site into dist/, for working on the UI (the browser
## tests run against it too; the size budget does not hold for it).
dist-dev: setup
	@echo "dist-dev: building the site (debug)"
	@$(WEB_ENV) cargo fetch --quiet --target wasm32-unknown-unknown
	@$(WEB_ENV) $(CARGO_BIN)/trunk --quiet build --offline
	@$(MAKE) finish-dist

# After Trunk (and, for the release build, the module split into each route's entry and
# rest: scripts/split-wasm.mjs): content hashes, the CSP, each route's first paint and the
# service worker (scripts/finish-dist.mjs says which and why in that order).
finish-dist:
	@rm -f dist/.trunk-lock
	@node scripts/finish-dist.mjs dist
	@echo "dist: built dist/ ($$(find dist -type f | wc -l) files)"

## Lighthouse 13 (mobile) on #/ and #/school of the built site: score, LCP, TBT. Installs
## Lighthouse into .tools/lighthouse the first time (not part of `make test`).
lighthouse: dist
	@[ -d .tools/lighthouse/node_modules/lighthouse ] || npm install --silent --no-audit --no-fund --prefix .tools/lighthouse lighthouse@13 >/dev/null
	@CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node scripts/lighthouse.mjs dist

## The engine benchmark: a generated Kent-scale county, timed natively.
bench:
	@"$(NATIVE_CARGO)" run --quiet --profile bench-cli -- bench

size:
	@node scripts/size.mjs dist

size-check:
	@node scripts/size.mjs dist --check

serve: dist
	@node scripts/serve.mjs --root dist --port $(PORT)

# --- tests ----------------------------------------------------------------------------------

## Each stage is timed (the table in docs/performance.md): `target/test-times.txt`.
test: setup
	@rm -f target/test-times.txt; mkdir -p target
	@for stage in lint test-native fuzz-short dist dist-check size-check test-browser; do \
	  start=$$(date +%s); $(MAKE) $$stage || exit 1; \
	  echo "$$stage $$(( $$(date +%s) - start )) s" >> target/test-times.txt; \
	done
	@echo "test: stages (seconds): $$(tr '\n' ',' < target/test-times.txt | sed 's/,$$//; s/,/, /g')"

test-native:
	@echo "test: cargo test (native: the engine, the CLI, the wire codec, the web app's pure logic)"
	@"$(NATIVE_CARGO)" test --workspace

## The gates: rustfmt and clippy (every target of every package, natively; the web app's code
## compiles natively too, so clippy sees it), then clippy on the wasm32 code where the toolchain
## allows (lint-wasm). Any of them fails the build.
lint:
	@echo "test: cargo fmt --check, cargo clippy -D warnings"
	@"$(NATIVE_CARGO)" fmt --all --check
	@"$(NATIVE_CARGO)" clippy --quiet --workspace --all-targets -- -D warnings

## Clippy on the wasm32 code too (not part of `make test`: on the Debian path it checks the
## standard library for wasm32 first, about four minutes, for the few lines that are
## `cfg(target_arch = "wasm32")`; run it after changing those).
lint-all: lint lint-wasm

## Clippy on the code as it is built for wasm32 (the web app and the spreadsheet module: the
## `cfg(target_arch = "wasm32")` code the native run does not see), with the web build's own
## toolchain (scripts/wasm-toolchain.mjs) and a clippy of exactly that rustc: Debian's
## rust-web-clippy beside rustc-web (std checked with -Z build-std), or rustup's clippy where
## rustup's wasm32 target is installed. Where there is no such clippy it is skipped, and says why.
lint-wasm:
	@case "$(WASM_ENV)" in \
	  *"WASM_TOOLCHAIN='debian'"*) clippy=/usr/bin/cargo-clippy; driver=/usr/bin/clippy-driver; rustc=/usr/bin/rustc ;; \
	  *"WASM_TOOLCHAIN='rustup'"*) clippy="$$(command -v cargo-clippy || true)"; driver="$$(command -v clippy-driver || true)"; rustc="$$(command -v rustc || true)" ;; \
	  *) clippy=""; driver=""; rustc="" ;; \
	esac; \
	if [ -z "$$clippy" ] || [ ! -x "$$clippy" ] || [ -z "$$driver" ] || [ ! -x "$$driver" ]; then \
	  echo "lint: clippy on wasm32 skipped: no clippy for the web build's toolchain (Debian: apt-get install rust-web-clippy; rustup: rustup component add clippy)"; \
	elif [ "$$("$$driver" --rustc -vV 2>/dev/null | grep '^release')" != "$$("$$rustc" -vV 2>/dev/null | grep '^release')" ]; then \
	  echo "lint: clippy on wasm32 skipped: $$driver is not of the same release as $$rustc"; \
	else \
	  echo "lint: cargo clippy -D warnings on wasm32 (web app, spreadsheet module)"; \
	  $(WEB_ENV) "$$clippy" clippy --quiet --target wasm32-unknown-unknown -p kent-sen-funding-web -p kent-sen-funding-xlsx -- -D warnings; \
	fi

## The browser tests, two files at a time, except those that time the page against a budget,
## which run alone afterwards (a second Chromium beside them would slow what they measure).
TIMED_TESTS := engine-speed county school-perf baseline import first-load
test-browser:
	@echo "test: browser tests (Chromium, dist/ served from a sub-path of 127.0.0.1)"
	@node --test --test-concurrency=2 $$(ls tests/browser/*.test.mjs | grep -vE '/($(subst $(eval) ,|,$(TIMED_TESTS)))\.test\.mjs$$')
	@node --test --test-concurrency=1 $(foreach t,$(TIMED_TESTS),tests/browser/$(t).test.mjs)

# --- fuzzing: no reader may panic, hang or hide a fault, whatever the bytes ---------------
# The scenario JSON, rate card, pupil CSV and Community CSV readers and the workbook reader
# with the register import (R10.1a: .xlsx, .xls, .ods bytes -> pupils and Communities) under
# libFuzzer, natively, each for FUZZ_SECONDS; a run over 2 s is a hang. The corpus
# (fuzz/corpus/<target>/, seeded from the project's fixtures) grows during a run and is
# minimised after it. `cargo test` replays the committed corpus and mutations of it
# (tests/fuzz_smoke.rs).
FUZZ_SECONDS ?= 600
# The corpus kept: the inputs that add coverage, cut to this many bytes (a few hundred KB in
# all), plus the seeds (seed-*) and the inputs of fixed crashes (crash-*) whole. A workbook is
# a zip whose directory is at its end, so a cut one is only a damaged zip: its inputs are kept
# up to FUZZ_KEEP_LEN_WORKBOOK (its largest seed is 12 KB).
FUZZ_KEEP_LEN ?= 1024
FUZZ_KEEP_LEN_WORKBOOK ?= 12288
# Even so, the inputs that reach new edges make megabytes for it: its corpus is cut to the inputs
# that add the most edges per byte, FUZZ_BUDGET_WORKBOOK bytes of them besides the seeds
# (scripts/fuzz-budget.mjs; 160 KB keep about 87% of the edges a 10-minute run reaches).
FUZZ_BUDGET_WORKBOOK ?= 163840
FUZZ_TARGETS := scenario_json rate_card pupil_csv community_csv workbook
# The dictionary of each target (fuzz/dicts/).
FUZZ_DICT = case $$t in *csv) echo csv;; workbook) echo workbook;; *) echo json;; esac

## cargo-fuzz needs the nightly toolchain; its release profile is relaxed (a build tool).
setup-fuzz:
	@rustup toolchain list 2>/dev/null | grep -q '^nightly' || \
	  { echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)"; exit 1; }
	@command -v cargo-fuzz >/dev/null || [ -x "$(CARGO_BIN)/cargo-fuzz" ] || { \
	  echo "setup: installing cargo-fuzz (a few minutes, once)"; \
	  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false "$(NATIVE_CARGO)" install --quiet --locked cargo-fuzz; }

## The long run: FUZZ_SECONDS per target, one at a time; then the corpus is minimised
## (libFuzzer -merge=1 on edges: only inputs that reach new code, cut to FUZZ_KEEP_LEN bytes;
## the workbook target's cut to a byte budget instead).
fuzz: setup-fuzz
	@cd fuzz && for t in $(FUZZ_TARGETS); do \
	  d=$$($(FUZZ_DICT)); \
	  k=$$(case $$t in workbook) echo $(FUZZ_KEEP_LEN_WORKBOOK);; *) echo $(FUZZ_KEEP_LEN);; esac); \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  "$(NATIVE_CARGO)" +nightly fuzz run --release $$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=2 -dict=dicts/$$d.dict -print_final_stats=1 2>&1 \
	    | grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+== ERROR|SUMMARY|artifact_prefix|Test unit written)' || true; \
	  test -z "$$(ls artifacts/$$t 2>/dev/null)" || { echo "fuzz: $$t found a failure: fuzz/artifacts/$$t/"; exit 1; }; \
	  b=$$(case $$t in workbook) echo $(FUZZ_BUDGET_WORKBOOK);; *) echo 0;; esac); \
	  rm -rf corpus-new && mkdir -p corpus-new/$$t corpus-new/all; \
	  if { [ $$b = 0 ] && target/*/release/$$t -merge=1 -use_counters=0 -timeout=2 -max_len=$$k corpus-new/$$t corpus/$$t >/dev/null 2>&1; } \
	    || { [ $$b != 0 ] && target/*/release/$$t -merge=1 -use_counters=0 -timeout=2 -max_len=$$k -merge_control_file=corpus-new/control \
	           corpus-new/all corpus/$$t >/dev/null 2>&1 && node ../scripts/fuzz-budget.mjs corpus-new/control $$b corpus-new/$$t; }; then \
	    cp corpus/$$t/seed-* corpus-new/$$t/; cp corpus/$$t/crash-* corpus-new/$$t/ 2>/dev/null || true; \
	    rm -rf corpus/$$t && mv corpus-new/$$t corpus/$$t; \
	  else echo "fuzz: $$t: the corpus could not be minimised (kept as it is)"; fi; \
	  rm -rf corpus-new; \
	done
	@echo "fuzz: corpus $$(du -sh --apparent-size fuzz/corpus | cut -f1) in $$(find fuzz/corpus -type f | wc -l) files"

## The short run for `make test`: a few seconds per target (the corpus is not changed).
fuzz-short:
	@if rustup toolchain list 2>/dev/null | grep -q '^nightly' && { command -v cargo-fuzz >/dev/null || [ -x "$(CARGO_BIN)/cargo-fuzz" ]; }; then \
	  cd fuzz && for t in $(FUZZ_TARGETS); do \
	    d=$$($(FUZZ_DICT)); \
	    rm -rf /tmp/fuzz-short-$$t && cp -r corpus/$$t /tmp/fuzz-short-$$t; \
	    "$(NATIVE_CARGO)" +nightly fuzz run --release $$t /tmp/fuzz-short-$$t -- \
	      -max_total_time=$${FUZZ_SHORT_SECONDS:-5} -timeout=2 -dict=dicts/$$d.dict >/tmp/fuzz-short-$$t.log 2>&1 \
	      || { tail -30 /tmp/fuzz-short-$$t.log; echo "fuzz-short: $$t failed: fuzz/artifacts/$$t/"; exit 1; }; \
	    echo "fuzz-short: $$t $$(grep -oE '^#[0-9]+' /tmp/fuzz-short-$$t.log | tail -1 | tr -d '#') runs, no failure"; \
	  done; \
	else echo "fuzz-short: no nightly toolchain or cargo-fuzz: the corpus replay of cargo test (tests/fuzz_smoke.rs) stands in"; fi

clean:
	rm -rf dist target/web .tools tests/browser/artifacts
