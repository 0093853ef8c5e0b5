#!/usr/bin/env bash
# Install Debian's LibreOffice Calc (headless use only) for the spreadsheet round-trip test
# (tests/sheet/test_libreoffice.py), if it is not there yet. Called by scripts/test.sh. About 60 packages and
# 300 MB with --no-install-recommends. Needs root or sudo for apt-get; it never stops the test run: when Calc
# cannot be had, that test is skipped with the reason.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 || [ "${SOTEKG_SKIP_LIBREOFFICE:-}" = "1" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install_libreoffice.sh: soffice is missing and neither root nor sudo is available to install it" >&2
  exit 0
fi
echo "install_libreoffice.sh: installing libreoffice-calc (Debian package) for tests/sheet" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc; } >&2; then
  echo "install_libreoffice.sh: could not install libreoffice-calc; the LibreOffice test is skipped" >&2
fi
