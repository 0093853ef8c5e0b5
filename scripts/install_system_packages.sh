#!/usr/bin/env bash
# Install the Debian packages the test suite runs against, if they are not there yet: chromium (the web page's
# end-to-end tests, tests/web/), virtuoso-opensource (Virtuoso 7, the second SPARQL server of the remote-store
# tests) and libreoffice-calc (the workbook round trip through Calc, tests/sheet/test_libreoffice.py; about 60
# packages and 300 MB; SOTEKG_SKIP_LIBREOFFICE=1 leaves it out). Called by scripts/test.sh. Idempotent and quiet:
# nothing is done, and nothing printed, when all are installed; one apt-get run installs what is missing. Needs
# root or sudo. It never stops the test run: when chromium cannot be had tests/web fail with the reason; when
# Virtuoso or Calc cannot be had their tests are skipped with the reason.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
if [ "${SOTEKG_SKIP_LIBREOFFICE:-}" != "1" ]; then
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install_system_packages.sh: ${missing[*]} missing and neither root nor sudo is available to install" >&2
  exit 0
fi
echo "install_system_packages.sh: installing ${missing[*]} (Debian packages) for the tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/dev/null 2>&1; then
  echo "install_system_packages.sh: could not install ${missing[*]}; their tests will fail or be skipped" >&2
fi
