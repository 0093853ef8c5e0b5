#!/usr/bin/env bash
# Vendor Swagger UI (npm package swagger-ui-dist, Apache-2.0) into web/vendor/swagger-ui/: the browser bundle and
# stylesheet that the API's /docs page loads from this server instead of a CDN, so the documentation works
# offline. Run by hand when upgrading; nothing is built at run time. Usage: bash scripts/vendor_swagger_ui.sh [VERSION]
set -euo pipefail
VERSION="${1:-5.35.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/web/vendor/swagger-ui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "swagger-ui-dist@$VERSION" >/dev/null && tar xzf swagger-ui-dist-"$VERSION".tgz)
mkdir -p "$TARGET"
cp "$WORK/package/swagger-ui-bundle.js" "$WORK/package/swagger-ui.css" "$WORK/package/favicon-32x32.png" \
   "$WORK/package/LICENSE" "$WORK/package/package.json" "$TARGET/"
[ -f "$WORK/package/NOTICE" ] && cp "$WORK/package/NOTICE" "$TARGET/"
echo "vendored swagger-ui-dist@$VERSION into $TARGET"
