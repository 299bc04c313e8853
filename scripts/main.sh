#!/usr/bin/env bash
# Sets everything up, builds, and runs the main job: the demo trains a network on real
# handwritten digits on the fastest backend here for that network (train's default: js, wasm
# and tfjs measured on the network's real shape within ~2 s, the choice cached), says which one
# it chose and why, and prints its held-out test accuracy, per-class metrics and confusion matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
printf '\n==> building\n' >&2
pnpm exec turbo run build --output-logs=errors-only
printf '\n==> node apps/demo/dist/cli.js train --dataset mnist   (default backend: the fastest here)\n' >&2
node apps/demo/dist/cli.js train --dataset mnist --out out/mnist-model.json --chart out/mnist-training.svg "$@"
