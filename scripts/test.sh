#!/usr/bin/env bash
# Sets everything up, then runs every check: build, typecheck, all tests (headless GL under an
# X display that Xvfb provides), and lint. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
# backend-webgpu in Node (Dawn): Chromium's SwiftShader Vulkan driver unless the machine names its
# own, and a writable XDG_RUNTIME_DIR (Dawn prints errors without one); setup.sh checked the adapter.
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
fi
[ -n "${XDG_RUNTIME_DIR:-}" ] || { XDG_RUNTIME_DIR=$(mktemp -d); export XDG_RUNTIME_DIR; }

run() {
  # gpu.js's headless GL needs an X display; xvfb-run picks a free one (-a).
  if [ -z "${DISPLAY:-}" ]; then xvfb-run -a -s "-screen 0 64x64x24 -nolisten tcp" "$@"; else "$@"; fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '\n==> build, typecheck and test every package (turbo)\n' >&2
run pnpm exec turbo run build typecheck test --concurrency=1 --output-logs=full 2>&1 | tee "$log"
printf '\n==> publint: what each published (non-private) package would ship, after the build\n' >&2
for dir in packages/*/ apps/*/; do
  [ "$(node -p "require('./${dir}package.json').private === true")" = true ] && continue
  # --strict: a warning (a missing file, a condition in the wrong order) fails CI like an error.
  pnpm exec publint --strict "$dir"
done
printf '\n==> lint (eslint, type-checked rules)\n' >&2
pnpm exec eslint .

# One closing line over every package's vitest summary ("Tests  2 failed | 46 passed | 1 skipped (49)").
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E ':test: +Tests +' | awk '
  { for (i = 1; i <= NF; i++) { if ($(i) ~ /^(passed|failed|skipped)$/) n[$(i)] += $(i-1) } }
  END { if (n["passed"] == 0) { print "no tests ran" > "/dev/stderr"; exit 1 }
        printf "%d passed, %d failed, %d skipped\n", n["passed"], n["failed"], n["skipped"] }'
