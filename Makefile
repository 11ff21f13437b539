# The workbook's entry points. Each recipe installs what it needs first.
#
#   make serve   build everything and serve the book at http://127.0.0.1:3000
#   make test    the whole test suite: lints, Rust and Python, the browser
#   make bless   regenerate the committed outputs of the book's programs
#   make bench   sizes and times to first output in headless Chromium (not a test)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
HOST ?= 127.0.0.1
PORT ?= 3000
WASM_OUT := src/sandbox/pkg
WASM_BUILT = $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/workbook_sandbox_wasm.wasm

.PHONY: serve build test tools browser-tools wasm book lint test-rust test-browser bless bench

serve: build
	mdbook serve --hostname $(HOST) --port $(PORT)

build: tools wasm book

tools:
	scripts/install-tools.sh

browser-tools:
	scripts/install-tools.sh --browser

wasm:
	cargo build --release --locked --target wasm32-unknown-unknown -p workbook-sandbox-wasm
	wasm-bindgen --target web --no-typescript --out-dir $(WASM_OUT) $(WASM_BUILT)

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
