#!/usr/bin/env bash
# Installs the build tools Atelier needs when they are missing, from the registries this project
# may reach (crates.io, npm, Debian), never from elsewhere:
#   - the wasm32-unknown-unknown target;
#   - cargo-leptos 0.3.10 (0.3.11 needs a newer rustc than 1.95);
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (cargo-leptos would
#     otherwise download one);
#   - npm packages of end2end/ (wasm-opt from binaryen@132: Debian's binaryen 108 breaks the wasm;
#     Playwright and axe-core for the browser tests).
# With --chromium it also installs Debian's Chromium for the end-to-end tests.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '\033[1m» %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos 0.3.10" ]; then
  say "installing cargo-leptos 0.3.10 (about 10 minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --version 0.3.10 --locked
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (about 3 minutes, once)"
  # Not --locked: the CLI's own lockfile names a crate version this registry does not serve.
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

stamp=end2end/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ end2end/package-lock.json -nt "$stamp" ]; then
  say "installing npm packages of end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = "--chromium" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the end-to-end tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "tools.sh: /usr/bin/chromium is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
