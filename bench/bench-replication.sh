#!/usr/bin/env bash
# ./muninn bench replication [--duration S] [--rate N] [--warmup S]
# A 3-node Muninn cluster on 127.0.0.101-103; dev.muninn.bench.cluster.ReplicationBenchMain measures replication lag and
# replicated vs single-member write throughput.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=10
RATE=1000
WARMUP=30
while (( $# )); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "bench replication: unknown option $1 (use --duration S, --rate N, --warmup S)" >&2; exit 2 ;;
  esac
done
if [[ ! -f "$ROOT/bench/target/classes/dev/muninn/bench/cluster/ReplicationBenchMain.class" || ! -f "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "bench: building..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi
WORK="$(mktemp -d /tmp/muninn-bench-replication.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT INT TERM
java -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" dev.muninn.bench.cluster.ReplicationBenchMain \
  --work "$WORK" --jar "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" --duration "$DURATION" --rate "$RATE" --warmup "$WARMUP"
