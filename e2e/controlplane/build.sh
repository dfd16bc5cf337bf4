#!/usr/bin/env bash
# Builds the local control plane's programs from their Go modules, once, into a cache keyed by version:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (k8s.io/kubernetes, this module's go.mod)
#   etcd                                                             (go.etcd.io/etcd/server/v3, the release
#                                                                     k8s.io/kubernetes itself requires)
#   helm                                                             (helm.sh/helm/v3, go install)
# A second run finds the stamp and builds nothing. Prints the bin directory on its last line.
#   MUNINN_CACHE   cache root (default ~/.cache/muninn)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S_VERSION="v1.34.4"
HELM_VERSION="v3.19.5"
CACHE="${MUNINN_CACHE:-$HOME/.cache/muninn}"
BIN="$CACHE/k8s-$K8S_VERSION/bin"
# The stamp changes with anything that changes what is built: the module files, this script, the helm version.
STAMP="$(cat "$HERE/go.mod" "$HERE/go.sum" "$HERE/build.sh" | sha256sum | cut -c1-16)"
PROGRAMS=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd helm)

say() { echo "k8s build: $*" >&2; }

all_built() {
  [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$STAMP" ]] || return 1
  local p; for p in "${PROGRAMS[@]}"; do [[ -x "$BIN/$p" ]] || return 1; done
}

if all_built; then echo "$BIN"; exit 0; fi

command -v go >/dev/null || { say "needs Go (1.24 or newer) on PATH"; exit 1; }
mkdir -p "$BIN"
rm -f "$BIN/.stamp"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath"

# Version stamps the Kubernetes release process sets with -X; without them /version reports v0.0.0-master.
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  version_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
LDFLAGS="-s -w$version_flags"

started=$SECONDS
say "building Kubernetes $K8S_VERSION, etcd and helm $HELM_VERSION into $BIN (first time only: about 15-25 minutes on 2 cores)"
cd "$HERE"
say "downloading modules (go mod download)..."
go mod download

step=0
build() {  # build <name> <package>
  step=$((step + 1))
  local t=$SECONDS
  say "[$step/${#PROGRAMS[@]}] $1..."
  go build -ldflags "$LDFLAGS" -o "$BIN/$1.tmp" "$2"
  mv "$BIN/$1.tmp" "$BIN/$1"
  say "[$step/${#PROGRAMS[@]}] $1 done in $((SECONDS - t)) s"
}
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
build kubectl k8s.io/kubernetes/cmd/kubectl
build etcd go.etcd.io/etcd/server/v3

step=$((step + 1))
say "[$step/${#PROGRAMS[@]}] helm..."
t=$SECONDS
(cd "$BIN" && GOBIN="$BIN" go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
  "helm.sh/helm/v3/cmd/helm@$HELM_VERSION")
say "[$step/${#PROGRAMS[@]}] helm done in $((SECONDS - t)) s"

echo "$STAMP" >"$BIN/.stamp"
say "all built in $((SECONDS - started)) s"
echo "$BIN"
