#!/usr/bin/env bash
# Vendor the Yasgui SPARQL editor (npm package @zazuko/yasgui, MIT) into web/vendor/yasgui/: the self-contained
# browser bundle (JS + CSS) that web/sparql.js loads. Run by hand when upgrading; the page needs no build at run
# time. Usage: bash scripts/vendor_yasgui.sh [VERSION]
set -euo pipefail
VERSION="${1:-4.6.2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/web/vendor/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null && tar xzf zazuko-yasgui-"$VERSION".tgz)
mkdir -p "$TARGET"
cp "$WORK/package/build/yasgui.min.js" "$WORK/package/build/yasgui.min.css" "$TARGET/"
cp "$WORK/package/package.json" "$TARGET/package.json"
echo "vendored @zazuko/yasgui@$VERSION into $TARGET"
