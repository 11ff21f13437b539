#!/usr/bin/env bash
# Installs what building, serving and testing the workbook need, skipping what
# is already there. Usage: scripts/install-tools.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# Prefer the crate's own lock file; when a crate it pins has been yanked from
# the registry, resolve afresh rather than fail.
cargo_install() {
    cargo +"$toolchain" install "$@" --locked || cargo +"$toolchain" install "$@"
}

toolchain=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
step "Rust $toolchain with the wasm32-unknown-unknown target"
rustup toolchain install "$toolchain" --profile minimal \
    --component clippy --component rustfmt --target wasm32-unknown-unknown

# The CLI's version must equal the wasm-bindgen crate's in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
    step "wasm-bindgen-cli $bindgen_version (matches Cargo.lock)"
    cargo_install wasm-bindgen-cli --version "$bindgen_version"
fi

mdbook_version=0.5.4
if [ "$(mdbook --version 2>/dev/null | awk '{print $2}')" != "v$mdbook_version" ]; then
    step "mdbook $mdbook_version"
    cargo_install mdbook --version "$mdbook_version"
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
apt_install() {
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$@"
}

if ! command -v wasm-opt >/dev/null; then
    step "binaryen's wasm-opt from Debian's packages, to shrink the sandbox"
    apt_install binaryen
fi

if ! command -v npm >/dev/null; then
    echo "npm is missing: install Node.js 20 or newer (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi
step "front-end packages (npm ci) and the Ace editor files"
(cd frontend && npm ci --no-audit --no-fund && npm run vendor)

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
    step "Chromium from Debian's packages, for the browser tests"
    apt_install chromium
fi
