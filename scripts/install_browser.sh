#!/usr/bin/env bash
# Install Debian's Chromium for the web page's end-to-end tests (tests/web/), if it is not there yet.
# Called by scripts/test.sh. It never stops the test run: when chromium cannot be had, tests/web fail with the
# reason instead.
set -euo pipefail
exec bash "$(dirname "$0")/install_debian.sh" chromium chromium tests/web
