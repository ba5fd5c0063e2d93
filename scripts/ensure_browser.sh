#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright; install it once.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' once." >&2; exit 1
fi
echo "install: chromium (Debian package)"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
