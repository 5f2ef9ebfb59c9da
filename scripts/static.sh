#!/usr/bin/env bash
# Builds a static vigie (musl libc, no shared library needed) for machines without
# Debian: target/x86_64-unknown-linux-musl/release/vigie. Needs the toolchain's musl target
# (`rustup target add x86_64-unknown-linux-musl`, fetched from the Rust project) and
# musl-tools for the C parts (SQLite, BLAKE3, mimalloc).
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-musl
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
if ! command -v musl-gcc >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q musl-tools
fi
cargo build --release --target "$target" -p vigie --features postgres
bin="target/$target/release/vigie"
# Static: no interpreter, no needed library.
if readelf -d "$bin" 2>/dev/null | grep -q NEEDED; then
  echo "$bin: links shared libraries" >&2
  exit 1
fi
# The release profile keeps line tables for backtraces; a binary to copy around goes
# without them (160 MB with, 31 MB without, measured on x86_64).
strip "$bin"
"$bin" --version
ls -l "$bin"
