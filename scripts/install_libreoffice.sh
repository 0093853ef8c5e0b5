#!/usr/bin/env bash
# Install Debian's LibreOffice Calc (used headless) for the workbook round trip through Calc
# (tests/sheet/test_libreoffice.py), if it is not there yet. Called by scripts/test.sh. About 60 packages and
# 300 MB with --no-install-recommends. When Calc cannot be had, that test is skipped with the reason;
# SOTEKG_SKIP_LIBREOFFICE=1 skips the install.
set -euo pipefail
if [ "${SOTEKG_SKIP_LIBREOFFICE:-}" = "1" ]; then
  exit 0
fi
exec bash "$(dirname "$0")/install_debian.sh" soffice libreoffice-calc tests/sheet/test_libreoffice.py
