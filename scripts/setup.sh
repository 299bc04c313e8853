#!/usr/bin/env bash
# Sets up a fresh Debian machine that has Node 20 and npm: the Debian packages that the `gl`
# addon needs to build and run (when run as root), the pinned pnpm, and every dependency; then
# tfjs-node's native addon, built against libtensorflow from a TensorFlow wheel on PyPI.
# Then checks that what the tests rely on really works, and fails loudly if not.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
# python3-pip: scripts/tfjs-node-offline.sh downloads a TensorFlow wheel with pip (download only).
# chromium: the browser tests (apps/playground, packages/browser-conformance) drive Debian's
# Chromium through playwright-core; Playwright's own browser download cannot work here.
# fonts-liberation: Chromium's metric-compatible text fonts, for readable screenshots.
# python3-venv: @backprop/interop's Python onnxruntime test runs in a venv (packages/interop/.venv).
# libvulkan1: the Vulkan loader that Dawn (backend-webgpu in Node) needs; the driver on a machine
# without a GPU is Chromium's SwiftShader (/usr/lib/chromium/vk_swiftshader_icd.json).
DEBIAN_PACKAGES=(libxi-dev libglu1-mesa-dev libglew-dev pkg-config libx11-dev libxext-dev xvfb xauth python3 python3-pip python3-venv make g++ chromium fonts-liberation libvulkan1)

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "node is not installed: install Node.js 20 first"
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed, found $(node --version)"

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing Debian packages for headless GL: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install -y ${missing[*]}"
  fi
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "Installing pnpm $PNPM_VERSION (pinned: newer 12.x fail --frozen-lockfile here)"
  npm install -g -E "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || die "could not install pnpm@$PNPM_VERSION with npm"
fi

say "Installing dependencies (pnpm install --frozen-lockfile; the gl addon compiles from source, ~2 min the first time)"
# node-gyp must use the local Node headers, or it tries to download them and gl silently fails to build.
# They sit beside the running node (/usr/include/node for /usr/bin/node); without them, say so now.
node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
[ -f "$node_prefix/include/node/node_api.h" ] \
  || die "Node's C headers are missing ($node_prefix/include/node/node_api.h): native addons (gl, tfjs-node) cannot build. Install Node 20 with its headers (NodeSource's nodejs package has them; Debian's needs libnode-dev)"
export npm_config_nodedir="$node_prefix"
export TURBO_TELEMETRY_DISABLED=1
# onnxruntime-node carries its CPU binaries; its install script would fetch CUDA files from a host
# that cannot be reached (it is also off in pnpm-workspace.yaml's allowBuilds).
export ONNXRUNTIME_NODE_INSTALL=skip
pnpm install --frozen-lockfile

say "Checking that the gl addon really loads (gpu.js headless GL needs it)"
(cd packages/backend-gpujs && node -e "require('gl')") \
  || die "the gl addon did not build or load. Install the Debian packages above and rerun with npm_config_nodedir=$node_prefix"
command -v Xvfb >/dev/null || die "Xvfb is missing: apt-get install -y xvfb xauth"
command -v xvfb-run >/dev/null || die "xvfb-run is missing: apt-get install -y xvfb xauth"
/usr/bin/chromium --version >/dev/null 2>&1 || die "Debian's Chromium does not start (/usr/bin/chromium): apt-get install -y chromium"

say "Checking that Dawn finds a WebGPU adapter (backend-webgpu's Node tests)"
# The tests point Dawn at Chromium's SwiftShader unless the machine names its own Vulkan driver.
webgpu_env=(XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}")
[ -n "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] || webgpu_env+=(VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)
if adapter=$(cd packages/backend-webgpu && env "${webgpu_env[@]}" node --input-type=module -e "
    const { create } = await import('webgpu');
    const a = await create([]).requestAdapter();
    if (!a) { console.error('requestAdapter() gave null'); process.exit(1); }
    console.log(a.info.vendor + ' ' + a.info.architecture);" 2>&1); then
  say "WebGPU adapter: $adapter"
elif [ "${CI:-}" = true ]; then
  die "no WebGPU adapter ($adapter): backend-webgpu's tests need libvulkan1 and a Vulkan driver (Chromium's SwiftShader: apt-get install -y libvulkan1 chromium)"
else
  say "WARNING: no WebGPU adapter ($adapter): backend-webgpu's tests will be skipped (under CI=true this fails)"
fi

say "Building tfjs-node's native addon from a TensorFlow wheel on PyPI (the tfjs 'tensorflow' engine; ~1 min the first time)"
# tfjs-node's own install script downloads libtensorflow from a host CI cannot reach (it is
# disabled in pnpm-workspace.yaml); this script checks that the engine loads and computes.
bash scripts/tfjs-node-offline.sh \
  || die "tfjs-node's addon did not build or load, so the tfjs 'tensorflow' engine is missing (error above; packages/backend-tfjs/README.md, \"Native TensorFlow offline\")"
say "Python venv with onnxruntime for @backprop/interop's cross-language test (cached; ~40 s the first time)"
bash packages/interop/scripts/python-venv.sh \
  || die "could not make packages/interop/.venv with Python's onnxruntime from PyPI (error above); the Python test fails in CI without it"
say "Setup done"
