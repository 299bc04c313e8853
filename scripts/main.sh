#!/usr/bin/env bash
# Sets everything up, builds, and runs the main job: the demo trains a network on real
# handwritten digits with backend-js and prints its held-out test accuracy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
printf '\n==> building\n' >&2
pnpm exec turbo run build --output-logs=errors-only
printf '\n==> node apps/demo/dist/cli.js train --dataset mnist --backend js\n' >&2
node apps/demo/dist/cli.js train --dataset mnist --backend js --out out/mnist-model.json --chart out/mnist-training.svg "$@"
