#!/usr/bin/env bash
# A real Kubernetes control plane on this machine: etcd, kube-apiserver (RBAC and Node authorization, a real
# service-account issuer), kube-controller-manager, kube-scheduler, and the process kubelet (pods run as local
# processes, see ../kubelet). Called by ./muninn k8s; see ../README.md.
#   k8s.sh up       build or reuse the binaries, start everything, wait for the node to be Ready
#   k8s.sh env      shell lines that point kubectl and helm at it: eval "$(./muninn k8s env)"
#   k8s.sh status   which components run
#   k8s.sh down [--purge]   stop everything (pods first); --purge also deletes the cluster's state and volumes
#   k8s.sh build    only build (or find) the binaries
# Environment: MUNINN_K8S_HOME (state, default <repo>/.k8s), MUNINN_CACHE (binaries, default ~/.cache/muninn),
#   MUNINN_K8S_API_PORT (default 6443), MUNINN_K8S_ETCD_PORT (default 12379), MUNINN_K8S_TIMEOUT (s, default 120).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
HOME_DIR="${MUNINN_K8S_HOME:-$ROOT/.k8s}"
PKI="$HOME_DIR/pki"
RUN="$HOME_DIR/run"
LOGS="$HOME_DIR/logs"
API_PORT="${MUNINN_K8S_API_PORT:-6443}"
ETCD_PORT="${MUNINN_K8S_ETCD_PORT:-12379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
TIMEOUT="${MUNINN_K8S_TIMEOUT:-120}"
NODE_NAME="muninn-local"
CLUSTER_DOMAIN="cluster.local"
SERVICE_CIDR="10.96.0.0/16"
SERVICE_API_IP="10.96.0.1"
KUBELET_JAR="$ROOT/e2e/kubelet/target/muninn-process-kubelet.jar"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet)

die() { echo "muninn k8s: $*" >&2; exit 1; }
say() { echo "muninn k8s: $*" >&2; }

bin_dir() { "$HERE/build.sh"; }

pid_of() { [[ -f "$RUN/$1.pid" ]] && cat "$RUN/$1.pid" || true; }
running() { local p; p="$(pid_of "$1")"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }

# Pods get their own address on the loopback interface. A non-loopback range (kind's 10.244.0.0/16) keeps
# Endpoints valid (the API server rejects 127.0.0.0/8 there); it needs CAP_NET_ADMIN, without it 127.1.0.0/16.
choose_network() {
  if [[ -f "$HOME_DIR/network" ]]; then
    source "$HOME_DIR/network"
    [[ "$NODE_IP" == 127.* ]] || ip -o addr show dev lo | grep -q " $NODE_IP/32" || ip addr add "$NODE_IP/32" dev lo
    return
  fi
  if ip -o addr show dev lo | grep -q ' 10.244.0.1/32' || ip addr add 10.244.0.1/32 dev lo 2>/dev/null; then
    NODE_IP=10.244.0.1; POD_CIDR=10.244.0.0/16
  else
    say "cannot add addresses to lo (no CAP_NET_ADMIN?): pods get 127.1.x.y; Services' Endpoints stay empty"
    NODE_IP=127.0.0.1; POD_CIDR=127.1.0.0/16
  fi
  printf 'NODE_IP=%s\nPOD_CIDR=%s\n' "$NODE_IP" "$POD_CIDR" >"$HOME_DIR/network"
}

# An address of the pod or service range that no pod holds (a pod that was replaced, a ClusterIP: no kube-proxy)
# must fail at once, as in a cluster. Without these routes such packets leave by the default route, and whatever
# answers there (a proxy, here) replies with its own 404, which a client takes for the database's answer.
unreachable_ranges() {  # unreachable_ranges add|del
  [[ "$NODE_IP" == 127.* ]] && return 0
  local cidr
  for cidr in "$POD_CIDR" "$SERVICE_CIDR"; do
    if [[ "$1" == add ]]; then
      ip route show type unreachable | grep -q "^unreachable $cidr" || ip route add unreachable "$cidr" 2>/dev/null \
        || say "cannot add an unreachable route for $cidr: requests to gone pods may get a foreign answer"
    else
      ip route del unreachable "$cidr" 2>/dev/null || true
    fi
  done
}

# --- certificates (one cluster CA signs everything; openssl, no extra tools) -----------------------------------
cert() {  # cert <name> <subject> <extensions>
  local name="$1" subject="$2" ext="$3"
  [[ -f "$PKI/$name.crt" ]] && return 0
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 3650 \
    -extfile <(printf '%s\n' "$ext") -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr"
}

make_pki() {
  mkdir -p "$PKI"
  if [[ ! -f "$PKI/ca.crt" ]]; then
    openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -subj "/CN=muninn-local-ca" -days 3650 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$PKI/ca.crt" 2>/dev/null
  fi
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  local server_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth"
  cert apiserver "/CN=kube-apiserver" "$server_ext
subjectAltName=IP:$NODE_IP,IP:127.0.0.1,IP:$SERVICE_API_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  cert admin "/O=system:masters/CN=kubernetes-admin" "$client"
  cert controller-manager "/CN=system:kube-controller-manager" "$client"
  cert scheduler "/CN=system:kube-scheduler" "$client"
  cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" "$client"
  cert kubelet-serving "/O=system:nodes/CN=system:node:$NODE_NAME" "$server_ext
subjectAltName=IP:$NODE_IP,DNS:$NODE_NAME"
  cert provisioner "/CN=muninn:local-path-provisioner" "$client"
  [[ -f "$PKI/sa.key" ]] || { openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null; openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; }
}

kubeconfig() {  # kubeconfig <file> <cert name>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: muninn-local
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $2
  user:
    client-certificate: $PKI/$2.crt
    client-key: $PKI/$2.key
contexts:
- name: muninn-local
  context: {cluster: muninn-local, user: $2}
current-context: muninn-local
EOF
}

# --- processes ---------------------------------------------------------------------------------------------------
start() {  # start <name> <command...>: in its own session, so down can stop the whole process group
  local name="$1"; shift
  if running "$name"; then return 0; fi
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

wait_for() {  # wait_for <what> <component> <command...>
  local what="$1" comp="$2"; shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ! running "$comp"; then
      tail -n 30 "$LOGS/$comp.log" >&2
      die "$comp exited while waiting for $what (log: $LOGS/$comp.log)"
    fi
    (( SECONDS < deadline )) || { tail -n 30 "$LOGS/$comp.log" >&2; die "$what not reached within ${TIMEOUT}s (log: $LOGS/$comp.log)"; }
    sleep 0.5
  done
}

build_kubelet() {
  if [[ -f "$KUBELET_JAR" && -z "$(find "$ROOT/e2e/kubelet/src/main" "$ROOT/e2e/kubelet/pom.xml" -newer "$KUBELET_JAR" -print -quit)" ]]; then
    return 0
  fi
  say "building the process kubelet (./mvnw -pl e2e/kubelet -am package)..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl e2e/kubelet -am package) >"$LOGS/kubelet-build.log" 2>&1 \
    || { tail -n 40 "$LOGS/kubelet-build.log" >&2; die "kubelet build failed (log: $LOGS/kubelet-build.log)"; }
}

cmd_up() {
  mkdir -p "$HOME_DIR" "$RUN" "$LOGS"
  local bin; bin="$(bin_dir)"
  choose_network
  unreachable_ranges add
  make_pki
  kubeconfig "$HOME_DIR/admin.kubeconfig" admin
  kubeconfig "$HOME_DIR/controller-manager.kubeconfig" controller-manager
  kubeconfig "$HOME_DIR/scheduler.kubeconfig" scheduler
  kubeconfig "$HOME_DIR/kubelet.kubeconfig" kubelet
  kubeconfig "$HOME_DIR/provisioner.kubeconfig" provisioner
  build_kubelet
  local kubectl=("$bin/kubectl" --kubeconfig "$HOME_DIR/admin.kubeconfig")

  start etcd "$bin/etcd" --name muninn-local --data-dir "$HOME_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "muninn-local=http://127.0.0.1:$ETCD_PEER_PORT" --log-level warn
  wait_for "etcd health" etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  say "etcd up (127.0.0.1:$ETCD_PORT)"

  start kube-apiserver "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 0.0.0.0 --secure-port "$API_PORT" --advertise-address "$NODE_IP" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --client-ca-file "$PKI/ca.crt" \
    --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
    --allow-privileged=true --profiling=false --v=1
  wait_for "API server readiness" kube-apiserver "${kubectl[@]}" get --raw /readyz
  say "kube-apiserver up (https://$NODE_IP:$API_PORT)"

  start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$HOME_DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$HOME_DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$HOME_DIR/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --controllers '*,bootstrapsigner,tokencleaner' --cluster-name muninn-local --profiling=false --v=1
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$HOME_DIR/scheduler.kubeconfig" \
    --authentication-kubeconfig "$HOME_DIR/scheduler.kubeconfig" --authorization-kubeconfig "$HOME_DIR/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --profiling=false --v=1

  "${kubectl[@]}" apply -f "$HERE/bootstrap.yaml" >/dev/null

  start kubelet java -Xmx256m -XX:TieredStopAtLevel=1 -jar "$KUBELET_JAR" \
    --kubeconfig "$HOME_DIR/kubelet.kubeconfig" --provisioner-kubeconfig "$HOME_DIR/provisioner.kubeconfig" \
    --node-name "$NODE_NAME" --node-ip "$NODE_IP" --pod-cidr "$POD_CIDR" --api-port "$API_PORT" \
    --ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/kubelet-serving.crt" --tls-key-file "$PKI/kubelet-serving.key" \
    --root-dir "$HOME_DIR/kubelet" --images "$ROOT/e2e/images.conf" --repo-root "$ROOT" \
    --cluster-domain "$CLUSTER_DOMAIN"
  wait_for "node $NODE_NAME Ready" kubelet "${kubectl[@]}" wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
  say "node $NODE_NAME Ready; use it with: eval \"\$(./muninn k8s env)\""
}

cmd_env() {
  [[ -f "$HOME_DIR/admin.kubeconfig" ]] || die "no local cluster here; start one with ./muninn k8s up"
  local bin; bin="$(bin_dir)"
  echo "export KUBECONFIG='$HOME_DIR/admin.kubeconfig'"
  echo "export PATH='$bin':\"\$PATH\""
}

cmd_status() {
  local c
  for c in "${COMPONENTS[@]}"; do
    if running "$c"; then echo "$c running (pid $(pid_of "$c"), log $LOGS/$c.log)"; else echo "$c stopped"; fi
  done
}

stop_component() {  # stop_component <name> <grace seconds>
  local pid; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] || return 0
  [[ -n "${MUNINN_K8S_TRACE:-}" ]] && say "stopping $1 at $(date +%T.%N)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then say "$1 did not stop within $2 s: SIGKILL"; fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}

cmd_down() {
  local purge=false
  [[ "${1:-}" == "--purge" ]] && purge=true
  # The kubelet stops its pods (SIGTERM, then SIGKILL after their grace period) when it gets SIGTERM; pods it
  # could not stop are in its run files, so nothing is left behind even after a kill -9 of the kubelet.
  stop_component kubelet 45
  local f pid
  for f in "$HOME_DIR"/kubelet/pods/*/*.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"; kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; rm -f "$f"
  done
  stop_component kube-scheduler 10 &
  stop_component kube-controller-manager 10 &
  wait
  stop_component kube-apiserver 20
  stop_component etcd 10
  remove_hosts_block
  if [[ -f "$HOME_DIR/network" ]]; then
    source "$HOME_DIR/network"
    local prefix="${POD_CIDR%.*.*}."
    ip -o -4 addr show dev lo | awk '{print $4}' | grep "^${prefix//./\\.}" | while read -r a; do
      ip addr del "$a" dev lo 2>/dev/null || true
    done
    unreachable_ranges del
  fi
  if $purge; then rm -rf "$HOME_DIR"; say "stopped; state purged"; else say "stopped (state kept in $HOME_DIR)"; fi
}

# The kubelet keeps pod host names in a marked block of /etc/hosts; rewrite in place (it may be a bind mount).
remove_hosts_block() {
  [[ -w /etc/hosts ]] && grep -q '^# BEGIN muninn-local-k8s' /etc/hosts || return 0
  local rest; rest="$(sed '/^# BEGIN muninn-local-k8s/,/^# END muninn-local-k8s/d' /etc/hosts)"
  printf '%s\n' "$rest" >/etc/hosts
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  env) cmd_env ;;
  status) cmd_status ;;
  down) shift; cmd_down "$@" ;;
  build) bin_dir ;;
  *) die "usage: ./muninn k8s up|env|status|down [--purge]|build" ;;
esac
