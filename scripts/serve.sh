#!/usr/bin/env bash
# Set up (first run) and serve the graph on the embedded store: bash scripts/serve.sh [sotekg serve options]
set -euo pipefail
source "$(dirname "$0")/env.sh" ""  # no extras (the options are for sotekg serve)
exec sotekg serve "$@"
