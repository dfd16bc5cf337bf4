#!/usr/bin/env bash
# On a machine with Docker and kind: builds the project, builds the images images.conf names, creates the kind
# cluster and loads the images into it. Then: ./mvnw -pl e2e/suite -am verify -Dmuninn.e2e.provider=kind
#   e2e/kind/up.sh [--no-build]      e2e/kind/down.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLUSTER="${MUNINN_KIND_CLUSTER:-muninn-e2e}"
TAG=dev

command -v docker >/dev/null || { echo "e2e/kind: needs docker" >&2; exit 1; }
command -v kind >/dev/null || { echo "e2e/kind: needs kind (https://kind.sigs.k8s.io)" >&2; exit 1; }

if [[ "${1:-}" != "--no-build" ]]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi
images=()
for dockerfile in "$HERE"/Dockerfile.*; do
  name="muninn/${dockerfile##*/Dockerfile.}:$TAG"
  docker build -q -f "$dockerfile" -t "$name" "$ROOT" >/dev/null
  images+=("$name")
  echo "e2e/kind: built $name"
done
if ! kind get clusters | grep -qx "$CLUSTER"; then
  kind create cluster --name "$CLUSTER" --config "$HERE/kind-config.yaml" --wait 120s
fi
kind load docker-image --name "$CLUSTER" "${images[@]}"
echo "e2e/kind: cluster $CLUSTER ready; run: ./mvnw -pl e2e/suite -am verify -Dmuninn.e2e.provider=kind"
