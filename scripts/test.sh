#!/usr/bin/env bash
# Sets everything up, then runs every check: build, typecheck, all tests (headless GL under an
# X display that Xvfb provides), and lint. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1

run() {
  # gpu.js's headless GL needs an X display; xvfb-run picks a free one (-a).
  if [ -z "${DISPLAY:-}" ]; then xvfb-run -a -s "-screen 0 64x64x24 -nolisten tcp" "$@"; else "$@"; fi
}

printf '\n==> build, typecheck and test every package (turbo)\n' >&2
run pnpm exec turbo run build typecheck test --concurrency=1 --output-logs=new-only
printf '\n==> lint (eslint, type-checked rules)\n' >&2
pnpm exec eslint .
printf '\n==> all checks passed\n' >&2
