#!/usr/bin/env bash
# Install a Debian package a test group needs, unless its command is already there:
#   bash scripts/install_debian.sh COMMAND PACKAGE WHAT
# (e.g. `chromium chromium tests/web`). Needs root or sudo for apt-get; prints what it does on stderr. It never
# stops the test run: when the package cannot be had, the tests that need it say so themselves.
set -euo pipefail
COMMAND="$1" PACKAGE="$2" WHAT="$3"
if command -v "$COMMAND" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install_debian.sh: $COMMAND is missing and neither root nor sudo is available to install $PACKAGE" >&2
  exit 0
fi
echo "install_debian.sh: installing $PACKAGE (Debian package) for $WHAT" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "$PACKAGE"; } >&2; then
  echo "install_debian.sh: could not install $PACKAGE; $WHAT will say so" >&2
fi
