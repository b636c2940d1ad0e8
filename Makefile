# Kent SEN funding calculator — build, test and serve.
#
#   make serve   install what is missing, build the site, serve it on http://127.0.0.1:8080
#   make test    install what is missing, then cargo test, the release build of the site,
#                the size budget and the browser tests (Chromium) against that build
#   make dist    the deployable static site in dist/
#   make size    the gzipped size of every file in dist/, and of the first load
#   make bench   the engine benchmark: a generated Kent-scale county, timed
#   make fuzz    fuzz the four readers (cargo-fuzz, nightly), FUZZ_SECONDS (600) each
#
# Every install step is idempotent and quiet when the tool is already there.
#
# Two Rust toolchains are used on purpose:
#  * native (`cargo test`, the CLI): the rustup toolchain on PATH;
#  * the web build (wasm32): Debian's rustc-web 1.96, which ships the standard library's
#    source, so std is built for wasm32 with -Z build-std (RUSTC_BOOTSTRAP=1): rustup cannot
#    download the wasm32 target on these machines.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# --- versions (wasm-bindgen must match the `=` pin in Cargo.toml and web/Cargo.toml) ------
WASM_BINDGEN_VERSION := 0.2.130
TRUNK_VERSION        := 0.22.1
WASM_OPT_VERSION     := 132
APT_PACKAGES         := rustc-web cargo-web rust-web-src lld-22 chromium chromium-driver

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

# The environment of the web build: Debian's cargo and rustc first on PATH (through
# .tools/bin), then trunk and wasm-bindgen from cargo's bin directory.
WEB_ENV := PATH="$(TOOLS):$(CARGO_BIN):$$PATH" \
	RUSTC="$(DEBIAN_RUSTC)" RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
	CARGO_TARGET_DIR="$(CURDIR)/target/web" CARGO_TERM_PROGRESS_WHEN=never

.PHONY: help setup setup-apt setup-wasm-bindgen setup-trunk setup-npm setup-tools \
	serve test test-native test-browser dist size size-check clean bench fuzz fuzz-short setup-fuzz

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# --- set-up ---------------------------------------------------------------------------------

setup: setup-apt setup-wasm-bindgen setup-trunk setup-npm setup-tools

## Debian packages: the wasm-capable rustc with std source, lld, Chromium for the tests.
setup-apt:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## wasm-bindgen-cli at exactly the version of the wasm-bindgen pin.
setup-wasm-bindgen:
	@grep -q 'wasm-bindgen = "=$(WASM_BINDGEN_VERSION)"' Cargo.toml || \
	  { echo "setup: Cargo.toml does not pin wasm-bindgen = \"=$(WASM_BINDGEN_VERSION)\"; update WASM_BINDGEN_VERSION in the Makefile"; exit 1; }
	@if [ "$$("$(CARGO_BIN)/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "setup: installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  "$(NATIVE_CARGO)" install --quiet --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

## Trunk 0.22 wants rustc >= 1.96.1: the nightly toolchain if rustup has one, else Debian's 1.96.
## Its release profile (fat LTO, one codegen unit) is relaxed: a build tool needs no LTO.
setup-trunk: setup-apt
	@if [ "$$("$(CARGO_BIN)/trunk" --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "setup: installing trunk $(TRUNK_VERSION) (several minutes, once)"; \
	  export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16; \
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
	@cd web && $(WEB_ENV) $(DEBIAN_CARGO) fetch --quiet --target wasm32-unknown-unknown
	@cd xlsx && $(WEB_ENV) $(DEBIAN_CARGO) fetch --quiet --target wasm32-unknown-unknown
	@cd journeys && $(WEB_ENV) $(DEBIAN_CARGO) fetch --quiet --target wasm32-unknown-unknown
	@$(WEB_ENV) $(CARGO_BIN)/trunk --quiet build --release --offline
	@rm -f dist/.trunk-lock
	@node scripts/sw.mjs dist
	@echo "dist: built dist/ ($$(find dist -type f | wc -l) files)"

## The engine benchmark (issue 2): a generated Kent-scale county, timed natively.
bench:
	@"$(NATIVE_CARGO)" run --quiet --profile bench-cli -- bench

size:
	@node scripts/size.mjs dist

size-check:
	@node scripts/size.mjs dist --check

serve: dist
	@node scripts/serve.mjs --root dist --port $(PORT)

# --- tests ----------------------------------------------------------------------------------

test: setup
	@$(MAKE) test-native
	@$(MAKE) fuzz-short
	@$(MAKE) dist
	@$(MAKE) size-check
	@$(MAKE) test-browser

test-native:
	@echo "test: cargo test (native)"
	@"$(NATIVE_CARGO)" test

test-browser:
	@echo "test: browser tests (Chromium, dist/ served from a sub-path of 127.0.0.1)"
	@node --test tests/browser/

# --- fuzzing (issue 11) -------------------------------------------------------------------
# The scenario JSON, rate card, pupil CSV and Community CSV readers under libFuzzer, natively,
# each for FUZZ_SECONDS; a run over 2 s is a hang. The corpus (fuzz/corpus/<target>/, seeded
# from the project's fixtures) grows during a run and is minimised after it. `cargo test`
# replays the committed corpus and mutations of it (tests/fuzz_smoke.rs).
FUZZ_SECONDS ?= 600
# The corpus kept: the inputs that add coverage, cut to this many bytes (a few hundred KB in
# all), plus the seeds (seed-*) and the inputs of fixed crashes (crash-*) whole.
FUZZ_KEEP_LEN ?= 1024
FUZZ_TARGETS := scenario_json rate_card pupil_csv community_csv

## cargo-fuzz needs the nightly toolchain; its release profile is relaxed (a build tool).
setup-fuzz:
	@rustup toolchain list 2>/dev/null | grep -q '^nightly' || \
	  { echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)"; exit 1; }
	@command -v cargo-fuzz >/dev/null || [ -x "$(CARGO_BIN)/cargo-fuzz" ] || { \
	  echo "setup: installing cargo-fuzz (a few minutes, once)"; \
	  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false "$(NATIVE_CARGO)" install --quiet --locked cargo-fuzz; }

## The long run: FUZZ_SECONDS per target, one at a time; then the corpus is minimised
## (libFuzzer -merge=1 on edges: only inputs that reach new code, cut to FUZZ_KEEP_LEN bytes).
fuzz: setup-fuzz
	@cd fuzz && for t in $(FUZZ_TARGETS); do \
	  d=$$(case $$t in *csv) echo csv;; *) echo json;; esac); \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  "$(NATIVE_CARGO)" +nightly fuzz run --release $$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=2 -dict=dicts/$$d.dict -print_final_stats=1 2>&1 \
	    | grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+== ERROR|SUMMARY|artifact_prefix|Test unit written)' || true; \
	  test -z "$$(ls artifacts/$$t 2>/dev/null)" || { echo "fuzz: $$t found a failure: fuzz/artifacts/$$t/"; exit 1; }; \
	  rm -rf corpus-new && mkdir -p corpus-new/$$t; \
	  if target/*/release/$$t -merge=1 -use_counters=0 -timeout=2 -max_len=$(FUZZ_KEEP_LEN) corpus-new/$$t corpus/$$t >/dev/null 2>&1; then \
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
	    d=$$(case $$t in *csv) echo csv;; *) echo json;; esac); \
	    rm -rf /tmp/fuzz-short-$$t && cp -r corpus/$$t /tmp/fuzz-short-$$t; \
	    "$(NATIVE_CARGO)" +nightly fuzz run --release $$t /tmp/fuzz-short-$$t -- \
	      -max_total_time=$${FUZZ_SHORT_SECONDS:-5} -timeout=2 -dict=dicts/$$d.dict >/tmp/fuzz-short-$$t.log 2>&1 \
	      || { tail -30 /tmp/fuzz-short-$$t.log; echo "fuzz-short: $$t failed: fuzz/artifacts/$$t/"; exit 1; }; \
	    echo "fuzz-short: $$t $$(grep -oE '^#[0-9]+' /tmp/fuzz-short-$$t.log | tail -1 | tr -d '#') runs, no failure"; \
	  done; \
	else echo "fuzz-short: no nightly toolchain or cargo-fuzz: the corpus replay of cargo test (tests/fuzz_smoke.rs) stands in"; fi

clean:
	rm -rf dist target/web .tools tests/browser/artifacts
