#!/usr/bin/env bash
# Installs the official RavenDB clients the OfficialClientsIT tier runs (issue 20) into caches outside the clone,
# keyed by a hash of each language's pinned dependencies, and prints one line per language: "<lang> <directory>".
#   node:   <dir>/node_modules (npm `ravendb`, pinned in clients/node/package.json)
#   python: <dir>/bin/python, a virtualenv with PyPI `ravendb` (pinned in clients/python/requirements.txt)
# Idempotent and quick when cached. A language whose toolchain is missing is printed as "<lang> missing: <why>".
# The Go client (github.com/ravendb/ravendb-go-client) is not served by the Go module proxy this project reaches,
# so there is no Go suite yet (see docs/TESTING.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${MUNINN_CACHE:-$HOME/.cache/muninn}/clients"
mkdir -p "$cache"
key() { cat "$0" "$@" | sha256sum | cut -c1-16; }

if command -v node >/dev/null && command -v npm >/dev/null; then
  dir="$cache/node-$(key "$here/node/package.json")"
  if [[ ! -f "$dir/.done" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    cp "$here/node/package.json" "$dir/"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
    touch "$dir/.done"
  fi
  echo "node $dir"
else
  echo "node missing: node and npm (20+) are not on the PATH"
fi

if command -v python3 >/dev/null; then
  dir="$cache/python-$(key "$here/python/requirements.txt")"
  if [[ ! -f "$dir/.done" ]]; then
    rm -rf "$dir"
    python3 -m venv "$dir" >&2
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$here/python/requirements.txt" >&2
    touch "$dir/.done"
  fi
  echo "python $dir"
else
  echo "python missing: python3 (3.9+) with venv is not on the PATH"
fi
