#!/usr/bin/env bash
# Installs the S3-compatible server the backup tests start (moto's standalone server, from PyPI, pinned) into a
# virtualenv cached outside the clone, and prints the path of its executable. Idempotent: a stamp of this script's
# content says whether the cache is current.
set -euo pipefail
MOTO_VERSION=5.2.5
dir="${MUNINN_CACHE:-$HOME/.cache/muninn}/s3-server-moto-${MOTO_VERSION}"
stamp="$dir/.stamp"
want=$(sha256sum "$0" | cut -d' ' -f1)
if [[ -x "$dir/bin/moto_server" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$dir/bin/moto_server"
  exit 0
fi
command -v python3 >/dev/null || { echo "e2e/s3/install.sh: needs python3 (3.9+) with venv" >&2; exit 1; }
rm -rf "$dir"
python3 -m venv "$dir" >&2
"$dir/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" >&2
echo "$want" > "$stamp"
echo "$dir/bin/moto_server"
