#!/usr/bin/env bash
# ./muninn bench node [--duration S] [--warmup S] [--connections N] [--keep]
# The node alone, without the Java client: one Muninn node under wrk (Debian's native HTTP load generator,
# installed when missing), so the node's own cost per request shows without a JVM client sharing its 2 cores.
# Loads 10 000 small documents, warms up, then measures for each row the requests per second, the latency
# percentiles and the node's CPU per request (from /proc, the whole process): GET of one random id (as a session's
# load), PUT of a new document on one connection and on N.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="http://127.0.0.100:8080"
DB=bench
NODE_JAR="$ROOT/database-node/target/quarkus-app/quarkus-run.jar"
DURATION=10
WARMUP=20
CONNECTIONS=32
KEEP=0
DOCS=10000

while (( $# )); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench node: unknown option $1" >&2; exit 2 ;;
  esac
done

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null; then
  echo "bench node: installing wrk from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q wrk >/tmp/muninn-bench-apt.log 2>&1 \
    || { tail -n 20 /tmp/muninn-bench-apt.log >&2; echo "bench node: could not install wrk" >&2; exit 1; }
fi
[[ -f "$NODE_JAR" ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl database-node -am)
if curl -s -o /dev/null --max-time 2 "$URL/cluster/node-info"; then
  echo "bench node: something already answers on $URL; stop it first" >&2
  exit 1
fi

WORK="$(mktemp -d /tmp/muninn-bench-node.XXXXXX)"
NODE_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$NODE_PID" ]]; then
    kill "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NODE_PID" 2>/dev/null || true
  fi
  (( KEEP )) || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

MUNINN_ServerUrl="$URL" MUNINN_DataDir="$WORK/data" java -Xmx2g -XX:+ExitOnOutOfMemoryError ${MUNINN_BENCH_NODE_OPTS:-} -jar "$NODE_JAR" \
  >"$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null --max-time 2 "$URL/cluster/node-info" && break
  kill -0 "$NODE_PID" 2>/dev/null || { tail -n 30 "$WORK/node.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf -o /dev/null -X PUT "$URL/admin/databases?name=$DB&replicationFactor=1" -d "{\"DatabaseName\":\"$DB\"}"

# 10 000 documents in batches of 500 through bulk_docs.
python3 - "$URL" "$DB" "$DOCS" <<'PYEOF'
import json, sys, urllib.request
url, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for start in range(0, n, 500):
    commands = [{"Id": f"docs/{i}", "Type": "PUT", "ChangeVector": None,
                 "Document": {"Name": f"name {i}", "Age": i % 90, "Tags": ["a", "b"],
                              "@metadata": {"@collection": "Docs"}}} for i in range(start, min(n, start + 500))]
    body = json.dumps({"Commands": commands}).encode()
    request = urllib.request.Request(f"{url}/databases/{db}/bulk_docs", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
PYEOF

cat >"$WORK/get.lua" <<EOF
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/databases/$DB/docs?id=docs/" .. math.random(0, $((DOCS - 1))))
end
EOF
cat >"$WORK/put.lua" <<EOF
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/databases/$DB/docs?id=new/" .. tid .. "/" .. counter,
    {["Content-Type"] = "application/json"},
    '{"Name":"new","Age":33,"Tags":["x"],"@metadata":{"@collection":"News"}}')
end
EOF

cpu_ticks() { awk '{print $14 + $15}' "/proc/$NODE_PID/stat"; }
TICK=$(getconf CLK_TCK)

# run <row> <connections> <script> <seconds>: prints one result line
run() {
  local row=$1 conns=$2 script=$3 seconds=$4 before after out requests rate p50 p99
  before=$(cpu_ticks)
  out=$(wrk -t "$(( conns < 2 ? 1 : 2 ))" -c "$conns" -d "${seconds}s" --latency -s "$WORK/$script" "$URL")
  after=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$out" >&2
    echo "bench node: $row: some answers were errors" >&2
    exit 1
  fi
  printf '| %-10s | %5d | %10.0f | %8s | %8s | %8.0f us |\n' "$row" "$conns" "$rate" "$p50" "$p99" \
    "$(awk -v a="$after" -v b="$before" -v t="$TICK" -v n="$requests" 'BEGIN {print (a - b) / t / n * 1e6}')"
}

echo "bench node: $DOCS documents loaded; warming up ${WARMUP} s (reads, then writes)"
wrk -t 2 -c "$CONNECTIONS" -d "$((WARMUP * 2 / 3 + 1))s" -s "$WORK/get.lua" "$URL" >/dev/null
wrk -t 2 -c "$CONNECTIONS" -d "$((WARMUP / 3 + 1))s" -s "$WORK/put.lua" "$URL" >/dev/null
echo "| row        | conns |  requests/s |   p50    |   p99    | node CPU/request |"
echo "|------------|-------|-------------|----------|----------|------------------|"
run reads "$CONNECTIONS" get.lua "$DURATION"
run writes1 1 put.lua "$DURATION"
run writes "$CONNECTIONS" put.lua "$DURATION"
echo "environment: $(nproc) cores, $(java -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
