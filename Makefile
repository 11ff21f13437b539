# The workbook's entry points. Each recipe installs what it needs first.
#
#   make serve   build everything and serve the book at http://127.0.0.1:3000
#   make test    the whole test suite: lints, Rust and Python, the browser
#   make bless   regenerate the committed outputs of the book's programs
#   make bench   sizes and times, ours against Pyodide in headless Chromium, and
#                native figures (a benchmark, not a test)
#   make conformance  CPython's own asyncio tests on the virtual loop, in CPython
#                and in the sandbox, counts side by side (a report, not a test)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
HOST ?= 127.0.0.1
PORT ?= 3000
WASM_OUT := src/sandbox/pkg
WASM_TARGET = $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown
WASM_BUILT = $(WASM_TARGET)/wasm-release/workbook_sandbox_wasm.wasm
WASM_SHRUNK = $(WASM_TARGET)/wasm-opt/workbook_sandbox_wasm.wasm
# wasm-bindgen's output uses reference types; binaryen must keep them intact.
WASM_OPT_FLAGS := -Oz --enable-reference-types --enable-bulk-memory --enable-sign-ext \
	--enable-nontrapping-float-to-int --enable-mutable-globals

.PHONY: serve build test tools browser-tools wasm book lint test-rust test-browser bless bench conformance

serve: build
	mdbook serve --hostname $(HOST) --port $(PORT)

build: tools wasm book

tools:
	scripts/install-tools.sh

browser-tools:
	scripts/install-tools.sh --browser

wasm:
	cargo build --profile wasm-release --locked --target wasm32-unknown-unknown -p workbook-sandbox-wasm
	$(MAKE) --no-print-directory $(WASM_OUT)/workbook_sandbox_wasm_bg.wasm

# Shrinking takes a minute or two, so it runs only when cargo built a new module.
$(WASM_SHRUNK): $(WASM_BUILT)
	mkdir -p $(@D)
	wasm-opt $(WASM_OPT_FLAGS) $< -o $@

$(WASM_OUT)/workbook_sandbox_wasm_bg.wasm: $(WASM_SHRUNK)
	wasm-bindgen --target web --no-typescript --out-dir $(WASM_OUT) $<

book:
	mdbook build

test: browser-tools lint test-rust wasm book test-browser

lint:
	cargo fmt --all --check
	cargo clippy --release --locked --workspace --all-targets -- -D warnings

test-rust:
	cargo test --release --locked --workspace

test-browser:
	cd frontend && WORKBOOK_BOOK_DIR=$(CURDIR)/book npm test

bless: tools
	WORKBOOK_BLESS=1 cargo test --release --locked -p workbook --test book_programs

bench: browser-tools wasm book
	cd frontend && WORKBOOK_BOOK_DIR=$(CURDIR)/book node bench/first-output.mjs 5
	cd frontend && node bench/versus-pyodide.mjs 5
	cargo run --release --locked -p workbook-sandbox --example native-figures

conformance: tools
	cargo run --release --locked -p workbook-sandbox --example asyncio-conformance
