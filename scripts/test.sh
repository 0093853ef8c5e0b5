#!/usr/bin/env bash
# Set up (first run) and run the whole test suite: bash scripts/test.sh [pytest options]
set -euo pipefail
source "$(dirname "$0")/env.sh" test
cd "$ROOT"
bash scripts/install_system_packages.sh  # Chromium (tests/web), Virtuoso (remote-store tests), LibreOffice Calc
exec python -m pytest "$@"
