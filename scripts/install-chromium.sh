#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test and screenshots, if missing.
# Idempotent: does nothing when /usr/bin/chromium (or $CHROMIUM) exists. Needs root (apt-get).
#   bash scripts/install-chromium.sh
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ -x $CHROMIUM ]]; then
  echo "install-chromium.sh: $("$CHROMIUM" --version 2>/dev/null | head -1) already installed"
  exit 0
fi
echo "install-chromium.sh: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$CHROMIUM" --version | head -1
