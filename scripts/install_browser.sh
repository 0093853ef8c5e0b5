#!/usr/bin/env bash
# Install Debian's Chromium for the web page's end-to-end tests (tests/web/), if it is not there yet.
# Called by scripts/test.sh. Needs root or sudo for apt-get; prints what it does on stderr. It never stops the
# test run: when chromium cannot be had, tests/web fail with the reason instead.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install_browser.sh: chromium is missing and neither root nor sudo is available to install it" >&2
  exit 0  # the e2e tests then fail with this reason
fi
echo "install_browser.sh: installing chromium (Debian package) for tests/web" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium; } >&2; then
  echo "install_browser.sh: could not install chromium; tests/web will fail" >&2
fi
