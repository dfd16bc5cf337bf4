#!/usr/bin/env bash
# ./muninn bench [--duration S] [--warmup S] [--workloads writes1,writes32,batch100,reads,...]
# Starts PostgreSQL 15 (installed from Debian's packages when missing) and one Muninn node, both with their data
# under one temporary directory (same disk), runs dev.muninn.bench.BenchMain, and cleans up on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=55432
MUNINN_URL="http://127.0.0.100:8080"
DURATION=10
WARMUP=3
WORKLOADS=""

while (( $# )); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --workloads) WORKLOADS="$2"; shift 2 ;;
    *) echo "bench: unknown option $1 (use --duration S, --warmup S)" >&2; exit 2 ;;
  esac
done

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x "$PG_BIN/postgres" ]]; then
  echo "bench: installing PostgreSQL 15 from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q postgresql-15 >/dev/null 2>&1 \
    || { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q postgresql-15 >/dev/null; }
fi

if [[ ! -f "$ROOT/bench/target/classes/dev/muninn/bench/BenchMain.class" || ! -f "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "bench: building..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK="$(mktemp -d /tmp/muninn-bench.XXXXXX)"
chmod 755 "$WORK"
PG_DATA="$WORK/pg"
NODE_PID=""

cleanup() {
  [[ -n "$NODE_PID" ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

as_postgres() {
  # PostgreSQL refuses to run as root.
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$PG_DATA"
[[ $EUID -eq 0 ]] && chown postgres "$PG_DATA"
as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -o \
  "-h 127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB -c max_connections=100" \
  start >/dev/null
echo "bench: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (fsync=on, synchronous_commit=on), data $PG_DATA"

MUNINN_ServerUrl="$MUNINN_URL" MUNINN_DataDir="$WORK/muninn" \
  java -Xmx2g ${MUNINN_BENCH_NODE_OPTS:-} -jar "$ROOT/database-node/target/quarkus-app/quarkus-run.jar" >"$WORK/muninn.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "$MUNINN_URL/cluster/node-info" && break
  kill -0 "$NODE_PID" 2>/dev/null || { tail -n 30 "$WORK/muninn.log" >&2; echo "bench: Muninn node failed to start" >&2; exit 1; }
  sleep 0.2
done
curl -sf -o /dev/null "$MUNINN_URL/cluster/node-info" || { tail -n 30 "$WORK/muninn.log" >&2; exit 1; }
echo "bench: Muninn node on $MUNINN_URL (durable writes), data $WORK/muninn"

java ${MUNINN_BENCH_CLIENT_OPTS:-} -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" dev.muninn.bench.BenchMain \
  --muninn "$MUNINN_URL" --pg "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres" \
  --duration "$DURATION" --warmup "$WARMUP" ${WORKLOADS:+--workloads "$WORKLOADS"}
