#!/usr/bin/env bash
# ./muninn bench cluster [--duration S] [--warmup S] [--jit-warmup S] [--failover-rounds N] [--keep]
# Commit latency (p50, p99) and throughput of small replicated commands on a 3-node loopback Muninn cluster and on a
# 3-member loopback etcd cluster (Debian's etcd-server, installed when missing), at concurrency 1 and 8, then the
# time from kill -9 of the leader to the next committed command, 3 rounds each (--failover-rounds). dev.muninn.bench.cluster.
# ClusterBenchMain starts, kills and stops all six servers; their data and logs live in one fresh directory
# /tmp/muninn-bench-cluster.XXXXXX (same disk for both), removed at exit unless --keep. --jit-warmup (default 90):
# seconds of unmeasured load at concurrency 8 for each system before its first row, so the rows measure compiled JVMs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_JAR="$ROOT/database-node/target/quarkus-app/quarkus-run.jar"
MAIN_CLASS="$ROOT/bench/target/classes/dev/muninn/bench/cluster/ClusterBenchMain.class"
DURATION=10
WARMUP=3
JIT_WARMUP=90
FAILOVER_ROUNDS=3
KEEP=0

usage() {
  echo "usage: bench/bench-cluster.sh [--duration S] [--warmup S] [--jit-warmup S] [--failover-rounds N] [--keep]" >&2
  exit 2
}

while (( $# )); do
  case "$1" in
    --duration) [[ $# -ge 2 ]] || usage; DURATION="$2"; shift 2 ;;
    --warmup) [[ $# -ge 2 ]] || usage; WARMUP="$2"; shift 2 ;;
    --jit-warmup) [[ $# -ge 2 ]] || usage; JIT_WARMUP="$2"; shift 2 ;;
    --failover-rounds) [[ $# -ge 2 ]] || usage; FAILOVER_ROUNDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench cluster: unknown option $1" >&2; usage ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+([.][0-9]+)?$ && "$WARMUP" =~ ^[0-9]+([.][0-9]+)?$ && "$JIT_WARMUP" =~ ^[0-9]+([.][0-9]+)?$ ]] \
  || { echo "bench cluster: --duration, --warmup and --jit-warmup take seconds" >&2; usage; }
[[ "$FAILOVER_ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench cluster: --failover-rounds takes a count >= 1" >&2; usage; }

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- etcd from Debian's packages ----------------------------------------------------------------------------------
if [[ ! -x /usr/bin/etcd ]]; then
  echo "bench: installing etcd from Debian's packages (apt-get install etcd-server)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q etcd-server >/tmp/muninn-bench-apt.log 2>&1; then
    as_root apt-get update -q >>/tmp/muninn-bench-apt.log 2>&1 || true
    as_root apt-get install -y -q etcd-server >>/tmp/muninn-bench-apt.log 2>&1 \
      || { tail -n 20 /tmp/muninn-bench-apt.log >&2; echo "bench: could not install etcd-server" >&2; exit 1; }
  fi
  # Where systemd runs, the package starts a system-wide etcd on 2379/2380, which the bench needs.
  as_root systemctl stop etcd >/dev/null 2>&1 || true
fi

# --- build when the launcher has not ------------------------------------------------------------------------------
if [[ ! -f "$NODE_JAR" || ! -f "$MAIN_CLASS" || ! -d "$ROOT/bench/target/lib" ]]; then
  echo "bench: building (./mvnw -q -DskipTests package)..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

# --- one directory for both systems' data: same file system, same disk ---------------------------------------------
WORK="$(mktemp -d /tmp/muninn-bench-cluster.XXXXXX)"
JAVA_PID=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Interrupted: let the bench JVM stop its servers from its shutdown hook (SIGTERM), then make sure.
  if [[ -n "$JAVA_PID" ]] && kill -0 "$JAVA_PID" 2>/dev/null; then
    kill -TERM "$JAVA_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$JAVA_PID" 2>/dev/null || true
  fi
  # The Java side kills its servers itself (also from a shutdown hook); should it have been SIGKILLed, the pids of
  # the servers it left running are in server.pids.
  if [[ -f "$WORK/server.pids" ]]; then
    while read -r pid name; do
      if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        echo "bench: killing leftover $name (pid $pid)" >&2
        kill -9 "$pid" 2>/dev/null || true
      fi
    done <"$WORK/server.pids"
  fi
  (( KEEP )) || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench: $(/usr/bin/etcd --version | head -n 1), Muninn node $NODE_JAR; data under $WORK"
(( KEEP )) && echo "bench: --keep: $WORK stays after the run (data in muninn-*/ and etcd-m*/, one log per server)"
# In the background so that a SIGTERM to this script reaches the trap (and, through it, the JVM) at once.
java ${MUNINN_BENCH_CLIENT_OPTS:-} -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" \
  dev.muninn.bench.cluster.ClusterBenchMain --work "$WORK" --jar "$NODE_JAR" --duration "$DURATION" \
  --warmup "$WARMUP" --jit-warmup "$JIT_WARMUP" --failover-rounds "$FAILOVER_ROUNDS" &
JAVA_PID=$!
wait "$JAVA_PID"
