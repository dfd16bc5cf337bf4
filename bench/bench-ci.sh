#!/usr/bin/env bash
# ./muninn bench ci
# The regression guard CI runs after the test suite (.ci/run): every bench, each cut to a few seconds per row, so a
# change that breaks a bench or makes an operation fail is seen on every stop. It prints each bench's RESULT line
# and fails only when a bench fails (a failed operation, a server that did not start); the figures are not
# pass/fail on a shared 2-core machine, and a few seconds per row measure a cold JIT more than the node.
# MUNINN_BENCH_CI_SKIP=1 skips it (prints why).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${MUNINN_BENCH_CI_SKIP:-0}" == 1 ]]; then
  echo "bench ci: skipped (MUNINN_BENCH_CI_SKIP=1)"
  exit 0
fi

LOG_DIR="$(mktemp -d /tmp/muninn-bench-ci.XXXXXX)"
trap 'rm -rf "$LOG_DIR"' EXIT
START=$SECONDS
FAILED=()

# step <name> <command...>: runs one bench with its output in a log; prints its RESULT line and how long it took.
step() {
  local name=$1 t=$SECONDS
  shift
  if "$@" >"$LOG_DIR/$name.log" 2>&1; then
    echo "bench ci: $name ($((SECONDS - t)) s): $(grep '^RESULT' "$LOG_DIR/$name.log" | tail -n 1)"
  else
    echo "bench ci: $name FAILED after $((SECONDS - t)) s; its last lines:" >&2
    tail -n 40 "$LOG_DIR/$name.log" >&2
    FAILED+=("$name")
  fi
}

step single-node "$ROOT/bench/bench.sh" --duration 2 --warmup 1 --max-warmup 1 \
  --workloads writes1,writes32,batch100,bulk,reads
step cluster "$ROOT/bench/bench-cluster.sh" --duration 2 --warmup 1 --jit-warmup 0 --failover-rounds 1
step replication "$ROOT/bench/bench-replication.sh" --duration 2 --warmup 1 --rate 300

echo "bench ci: $((SECONDS - START)) s in all"
if (( ${#FAILED[@]} )); then
  echo "bench ci: failed: ${FAILED[*]}" >&2
  exit 1
fi
