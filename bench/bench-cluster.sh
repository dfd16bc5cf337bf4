#!/usr/bin/env bash
# ./muninn bench cluster [--duration S] [--warmup S]
# A 3-node Muninn cluster and a 3-member etcd cluster (Debian's etcd-server, installed when missing) on loopback,
# data under one temporary directory; dev.muninn.bench.ClusterBenchMain drives and kills them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=10
WARMUP=3
while (( $# )); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "bench cluster: unknown option $1 (use --duration S, --warmup S)" >&2; exit 2 ;;
  esac
done

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if [[ ! -x /usr/bin/etcd ]]; then
  echo "bench: installing etcd from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q etcd-server >/dev/null 2>&1 \
    || { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q etcd-server >/dev/null; }
fi
# The package starts a system-wide etcd on 2379/2380 where it can; the bench needs those ports.
as_root systemctl stop etcd >/dev/null 2>&1 || true
pkill -x etcd >/dev/null 2>&1 || true

if [[ ! -f "$ROOT/bench/target/classes/dev/muninn/bench/ClusterBenchMain.class" || ! -f "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "bench: building..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK="$(mktemp -d /tmp/muninn-bench-cluster.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT INT TERM
echo "bench: $(etcd --version | head -n1); data under $WORK"
java -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" dev.muninn.bench.ClusterBenchMain \
  --work "$WORK" --jar "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" \
  --duration "$DURATION" --warmup "$WARMUP"
