# Atelier — every command a developer or CI needs. See README.md.
#
#   make run     set up everything (tools, private PostgreSQL, migrations, seed) and serve on :3000
#   make test    every test: fmt, clippy, unit, database, HTTP, and end-to-end in Chromium
#   make bench   benchmarks (figures, not pass/fail)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# CI keeps the (3 GB) target directory outside the fresh clone so that later runs are warm.
ifeq ($(CI),true)
export CARGO_TARGET_DIR ?= $(HOME)/.cache/atelier/target
endif
export CARGO_TARGET_DIR ?= $(CURDIR)/target
# Queries are checked at compile time against .sqlx/ (run `make sqlx-prepare` after changing SQL).
export SQLX_OFFLINE := true
# cargo-leptos passes these to the build; plain cargo gets the same so artefacts are shared.
export LEPTOS_OUTPUT_NAME := atelier
export LEPTOS_SITE_ROOT ?= target/site
export LEPTOS_SITE_PKG_DIR := pkg
export LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
# wasm-opt from npm's binaryen 132 (Debian's binaryen breaks the wasm).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: help tools build run test bench fmt lint sqlx-prepare db db-stop clean

help:
	@echo "make run    — set up and serve Atelier on http://$(LEPTOS_SITE_ADDR)"
	@echo "make test   — run every test (what CI runs)"
	@echo "make bench  — run the benchmarks"
	@echo "make build  — release build (server and wasm) only"
	@echo "make db     — start the private PostgreSQL cluster and print its URL"
	@echo "make db-stop, make fmt, make lint, make sqlx-prepare, make clean"

tools:
	@scripts/tools.sh

build: tools
	cargo leptos build --release --precompress

run: build
	@scripts/run.sh

test: tools
	@scripts/tools.sh --chromium
	@scripts/test.sh

bench: build
	@scripts/tools.sh --chromium
	@scripts/bench.sh

fmt:
	cargo fmt --all

lint: tools
	cargo clippy --release --workspace --all-targets -- -D warnings
	cargo clippy --release -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

sqlx-prepare:
	@scripts/sqlx-prepare.sh

db:
	@scripts/pg.sh start && scripts/pg.sh url

db-stop:
	@scripts/pg.sh stop

clean: db-stop
	cargo clean
	rm -rf .pg end2end/node_modules
