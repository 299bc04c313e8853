#!/usr/bin/env bash
# One command for the GPU measurement (issue 14): which renderer each GPU path gets here, the
# conformance suite on gpu.js's headless GL, and `backprop bench` on the standard workloads plus a
# width sweep, in bounded time (≤ 6 min on a GPU machine); one JSON file and a short table.
#   bash scripts/gpu-check.sh            # full mode (a GPU machine)
#   bash scripts/gpu-check.sh --short    # CI-sized (also BACKPROP_GPU_CHECK_SHORT=1)
#   bash scripts/gpu-check.sh --out results/gpu.json --json
# Needs the built CLI (pnpm build). Headless GL needs an X display: without DISPLAY this runs the
# check under xvfb-run. NODE overrides the node binary (the GPU machine's carried one).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=apps/demo/dist/cli.js
[ -f "$cli" ] || { echo "gpu-check: $cli is missing: run 'pnpm build' first (or bash scripts/setup.sh && pnpm build)" >&2; exit 3; }
node_bin=${NODE:-node}
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "gpu-check: no DISPLAY and no xvfb-run: apt-get install -y xvfb xauth, or set DISPLAY" >&2; exit 4; }
  exec xvfb-run -a -s "-screen 0 64x64x24 -nolisten tcp" "$node_bin" "$cli" gpu-check "$@"
fi
exec "$node_bin" "$cli" gpu-check "$@"
