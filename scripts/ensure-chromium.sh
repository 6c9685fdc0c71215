#!/usr/bin/env bash
# Browser tests use Debian's Chromium. Install it when missing (we run as root on CI and
# fresh machines) instead of silently skipping the browser tests.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "[e2e] /usr/bin/chromium is missing: installing Debian's chromium package…"
if [ "$(id -u)" -ne 0 ]; then
  echo "[e2e] not root: install it with 'sudo apt-get install -y chromium' and re-run." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
