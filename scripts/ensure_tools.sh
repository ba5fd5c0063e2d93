#!/usr/bin/env bash
# `make test` renders deploy/kubernetes with `kubectl kustomize`: it needs kubectl with
# kustomize v4 or newer (the overlays use `replicas`, `patches` and `labels`). Debian's own
# kubernetes-client (1.20) carries kustomize v2, which cannot build them.
set -euo pipefail
modern() {
  command -v kubectl >/dev/null 2>&1 &&
    kubectl version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([4-9]|[1-9][0-9])\.'
}
if modern; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "kubectl with kustomize v4+ is missing: run 'sudo apt-get install -y kubectl' once." >&2
  exit 1
fi
echo "install: kubectl (Debian package)"
apt-get update -qq >/dev/null
if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null
fi
if ! modern; then
  echo "No kubectl with kustomize v4+ could be installed; the manifest tests will say so." >&2
fi
