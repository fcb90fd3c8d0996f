#!/usr/bin/env bash
# Throughput of the code scheme and the tag exports (docs/PERFORMANCE.md, "Codes and
# labels"). Release builds; each benchmark is a plain program that prints rates.
#   bash bench/codes-bench.sh            # both
#   bash bench/codes-bench.sh domain     # serial verification / issuing only
#   bash bench/codes-bench.sh label      # CSV, PDF, ZPL, SVG, PNG exports only
# For the one-core figures, pin it: taskset -c 0 bash bench/codes-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
if [[ "$what" == all || "$what" == domain ]]; then
  echo "== rongma-domain: serials and PINs (one thread)"
  cargo bench -q -p rongma-domain --bench codes
fi
if [[ "$what" == all || "$what" == label ]]; then
  echo "== rongma-label: exports (one thread, files in a temporary directory)"
  cargo bench -q -p rongma-label --bench labels
fi
