#!/usr/bin/env bash
# ./muninn bench [--duration S] [--warmup S] [--max-warmup S] [--keep] [--only muninn|pg] [--workloads writes1,writes32,...]
# Starts PostgreSQL 15 (installed from Debian's packages when missing; fsync and synchronous_commit on) and one
# Muninn node, both with their data under one fresh directory /tmp/muninn-bench.XXXXXX (same file system, so the
# same disk), runs dev.muninn.bench.BenchMain against both, and stops and removes everything at exit, also on
# failure or Ctrl-C. --keep keeps that directory (data and logs) for inspection; --only runs one side.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin
PG_HOST=127.0.0.1
PG_PORT=55432
MUNINN_URL="http://127.0.0.100:8080"
NODE_JAR="$ROOT/database-node/target/quarkus-app/quarkus-run.jar"
START_TIMEOUT=60
DURATION=10
WARMUP=30
MAX_WARMUP=90
KEEP=0
ONLY=both
WORKLOADS=""

usage() {
  echo "usage: bench/bench.sh [--duration S] [--warmup S] [--max-warmup S] [--keep] [--only muninn|pg] [--workloads k1,k2,...]" >&2
  exit 2
}

while (( $# )); do
  case "$1" in
    --duration) [[ $# -ge 2 ]] || usage; DURATION="$2"; shift 2 ;;
    --warmup) [[ $# -ge 2 ]] || usage; WARMUP="$2"; shift 2 ;;
    --max-warmup) [[ $# -ge 2 ]] || usage; MAX_WARMUP="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --only) [[ $# -ge 2 ]] || usage; ONLY="$2"; shift 2 ;;
    --workloads) [[ $# -ge 2 ]] || usage; WORKLOADS="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage ;;
  esac
done
case "$ONLY" in both|muninn|pg) ;; *) echo "bench: --only takes muninn or pg" >&2; usage ;; esac
[[ "$DURATION" =~ ^[0-9]+([.][0-9]+)?$ && "$WARMUP" =~ ^[0-9]+([.][0-9]+)?$ && "$MAX_WARMUP" =~ ^[0-9]+([.][0-9]+)?$ ]] \
  || { echo "bench: --duration, --warmup and --max-warmup take seconds" >&2; usage; }
RUN_PG=1; RUN_MUNINN=1
[[ "$ONLY" == muninn ]] && RUN_PG=0
[[ "$ONLY" == pg ]] && RUN_MUNINN=0

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
# PostgreSQL refuses to run as root.
as_postgres() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# --- PostgreSQL 15 from Debian's packages -------------------------------------------------------------------------
if (( RUN_PG )) && [[ ! -x "$PG_BIN/postgres" ]]; then
  echo "bench: installing PostgreSQL 15 from Debian's packages (apt-get install postgresql-15)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q postgresql-15 >/tmp/muninn-bench-apt.log 2>&1; then
    as_root apt-get update -q >>/tmp/muninn-bench-apt.log 2>&1 || true
    as_root apt-get install -y -q postgresql-15 >>/tmp/muninn-bench-apt.log 2>&1 \
      || { tail -n 20 /tmp/muninn-bench-apt.log >&2; echo "bench: could not install postgresql-15" >&2; exit 1; }
  fi
  # The package may start a system-wide cluster on 5432; it is idle, but the bench does not need it.
  as_root pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi

# --- build when the launcher has not ------------------------------------------------------------------------------
needs_build=0
[[ -f "$ROOT/bench/target/classes/dev/muninn/bench/BenchMain.class" && -d "$ROOT/bench/target/lib" ]] || needs_build=1
if (( RUN_MUNINN )) && [[ ! -f "$NODE_JAR" ]]; then needs_build=1; fi
if (( needs_build )); then
  echo "bench: building (./mvnw -q -DskipTests package)..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

# --- one directory for both systems' data: same file system, same disk ---------------------------------------------
WORK="$(mktemp -d /tmp/muninn-bench.XXXXXX)"
chmod 755 "$WORK"
PG_DATA="$WORK/pg"
PG_SOCK="$WORK/pg-socket"
MUNINN_DATA="$WORK/muninn-data"
NODE_PID=""
PG_PID=""
PG_STARTED=0

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
  fi
  if (( PG_STARTED )); then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  (( KEEP )) || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

(( KEEP )) && echo "bench: --keep: $WORK stays after the run (PostgreSQL data and server.log in pg/," \
  "Muninn data in muninn-data/, node log muninn.log)"

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
if (( RUN_PG )); then
  if port_taken "$PG_HOST" "$PG_PORT"; then
    echo "bench: $PG_HOST:$PG_PORT is already in use (a PostgreSQL left by an earlier bench?); stop it first" >&2
    exit 1
  fi
  mkdir -p "$PG_DATA" "$PG_SOCK"
  [[ $EUID -eq 0 ]] && chown postgres "$PG_DATA" "$PG_SOCK"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; echo "bench: initdb failed" >&2; exit 1; }
  PG_STARTED=1
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 -o \
      "-k $PG_SOCK -h $PG_HOST -p $PG_PORT -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB -c max_connections=100" \
      start >/dev/null; then
    tail -n 30 "$PG_DATA/server.log" >&2 || true
    echo "bench: PostgreSQL did not start" >&2
    exit 1
  fi
  for _ in $(seq 1 300); do
    "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" && break
    sleep 0.2
  done
  "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" \
    || { tail -n 30 "$PG_DATA/server.log" >&2; echo "bench: PostgreSQL does not accept connections" >&2; exit 1; }
  PG_PID="$(head -n 1 "$PG_DATA/postmaster.pid")" # its backends are its children: the bench sums the tree's CPU
  echo "bench: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_HOST:$PG_PORT" \
    "(fsync=on, synchronous_commit=on), data $PG_DATA"
fi

# --- Muninn -------------------------------------------------------------------------------------------------------
if (( RUN_MUNINN )); then
  if curl -s -o /dev/null --max-time 2 "$MUNINN_URL/cluster/node-info"; then
    echo "bench: something already answers on $MUNINN_URL (./muninn up? an earlier bench?); stop it first" >&2
    exit 1
  fi
  MUNINN_ServerUrl="$MUNINN_URL" MUNINN_DataDir="$MUNINN_DATA" \
    java -Xmx2g -XX:+ExitOnOutOfMemoryError ${MUNINN_BENCH_NODE_OPTS:-} -jar "$NODE_JAR" >"$WORK/muninn.log" 2>&1 &
  NODE_PID=$!
  deadline=$((SECONDS + START_TIMEOUT))
  until curl -sf -o /dev/null --max-time 2 "$MUNINN_URL/cluster/node-info"; do
    if ! kill -0 "$NODE_PID" 2>/dev/null || (( SECONDS >= deadline )); then
      tail -n 30 "$WORK/muninn.log" >&2
      echo "bench: the Muninn node did not answer on $MUNINN_URL/cluster/node-info within ${START_TIMEOUT}s" >&2
      exit 1
    fi
    sleep 0.2
  done
  durable="$(grep -o 'durableWrites=[a-z]*' "$WORK/muninn.log" | head -n 1 || true)"
  echo "bench: Muninn node on $MUNINN_URL (pid $NODE_PID, ${durable:-durableWrites not logged}), data $MUNINN_DATA"
  [[ "$durable" != "durableWrites=false" ]] \
    || echo "bench: WARNING: the Muninn node does not fsync its commits; the comparison is not fair" >&2
fi

# --- the bench ----------------------------------------------------------------------------------------------------
java -Dslf4j.internal.verbosity=ERROR ${MUNINN_BENCH_CLIENT_OPTS:-} -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" dev.muninn.bench.BenchMain \
  --muninn "$MUNINN_URL" --pg "jdbc:postgresql://$PG_HOST:$PG_PORT/postgres?user=postgres" \
  --duration "$DURATION" --warmup "$WARMUP" --max-warmup "$MAX_WARMUP" --only "$ONLY" --data-dir "$WORK" ${WORKLOADS:+--workloads "$WORKLOADS"} \
  ${NODE_PID:+--muninn-pid "$NODE_PID"} ${PG_PID:+--pg-pid "$PG_PID"}
