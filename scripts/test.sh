#!/usr/bin/env bash
# Set up (first run) and run the whole test suite: bash scripts/test.sh [pytest options]
set -euo pipefail
source "$(dirname "$0")/env.sh" test
cd "$ROOT"
bash scripts/install_browser.sh  # Chromium for the web page tests (tests/web)
bash scripts/install_libreoffice.sh  # LibreOffice Calc for the workbook round trip (tests/sheet)
exec python -m pytest "$@"
