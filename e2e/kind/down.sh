#!/usr/bin/env bash
# Deletes the e2e kind cluster.
set -euo pipefail
kind delete cluster --name "${MUNINN_KIND_CLUSTER:-muninn-e2e}"
