#!/usr/bin/env bash
# Prepares everything `scripts/gpu-check.sh` needs on the GPU machine (issue 14), which has no
# network and, as far as is known, no Node, X server or X libraries, in two ignored folders that
# the device tool carries (its limit: 64 MiB in all, working tree included, over ≤ 8 paths):
#   .gpu-carry/       node.xz (this machine's Node, stripped; the gl addon is built for its ABI),
#                     modules.tar.xz (node_modules closure + built dists, see collect-modules.mjs),
#                     debs/glvnd (unpacked into / there, as the device notes say),
#                     debs/x11 (Xvfb, X libraries, xkb, glxinfo/eglinfo/vulkaninfo: into /opt/backprop-gpu)
#   .gpu-carry-mesa/  debs of Mesa's software GL, which Xvfb's GLX extension loads (~46 MB: with
#                     .gpu-carry it exceeds the limit, so it travels in a call of its own).
# Then scripts/gpu-carry/device-run.sh unpacks them there and runs the check. Needs apt-get (Debian
# 12, amd64) and a built, installed repository (it builds the demo and its packages first).
# `bash scripts/gpu-carry.sh --sizes-only` measures folders prepared earlier.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=.gpu-carry
MESA=.gpu-carry-mesa
LIMIT_MIB=64
say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# The GL dispatch libraries (libglvnd) that the device notes unpack into / there.
GLVND_DEBS=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
# Xvfb, what it and the gl addon link (ldd), xkbcomp and its keymaps, and the renderer tools.
X11_DEBS=(xvfb xserver-common x11-common x11-xkb-utils xkb-data libxkbfile1 libxfont2 libfontenc1 libfreetype6 libpng16-16 libbrotli1
  libpixman-1-0 libunwind8 libx11-6 libx11-data libx11-xcb1 libxau6 libxdmcp6 libxcb1 libbsd0 libmd0 libxext6 libxfixes3 libxrender1
  libxrandr2 libxt6 libxmu6 libxaw7 libxpm4 libsm6 libice6 libxcb-glx0 libxcb-dri2-0 libxcb-dri3-0 libxcb-present0 libxcb-randr0
  libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxshmfence1 libxxf86vm1 libwayland-client0 libwayland-server0 libwayland-egl1 libgbm1
  libdrm2 libdrm-common mesa-utils mesa-utils-bin vulkan-tools)
# Mesa's swrast_dri.so (llvmpipe) and what it links: Xvfb's GLX extension needs it to exist at all.
MESA_DEBS=(libgl1-mesa-dri libglx-mesa0 libegl-mesa0 libglapi-mesa libllvm15 libicu72 libxml2 libz3-4 libedit2 libelf1 libsensors5
  libsensors-config libpciaccess0 libdrm-amdgpu1 libdrm-intel1 libdrm-nouveau2 libdrm-radeon1)

report_sizes() {
  say "Sizes (the device tool carries at most $LIMIT_MIB MiB per call, working tree included)"
  mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
  # git lists tracked files deleted in the working tree too; du skips them (and says so: ignored).
  tree=$( (git ls-files -co --exclude-standard -z | du -cb --files0-from=- 2>/dev/null || true) | tail -1 | cut -f1)
  base=$(du -sb "$BASE" | cut -f1)
  mesa=$(du -sb "$MESA" | cut -f1)
  for f in "$BASE/node.xz" "$BASE/modules.tar.xz" "$BASE/debs/glvnd" "$BASE/debs/x11" "$MESA"; do
    printf '  %-26s %6s MiB\n' "$f" "$(mib "$(du -sb "$f" | cut -f1)")" >&2
  done
  printf '  %-26s %6s MiB\n' "working tree" "$(mib "$tree")" >&2
  printf '  %-26s %6s MiB\n' "call with $BASE" "$(mib $((tree + base)))" >&2
  printf '  %-26s %6s MiB\n' "call with $MESA" "$(mib $((tree + mesa)))" >&2
  printf '  %-26s %6s MiB\n' "both in one call" "$(mib $((tree + base + mesa)))" >&2
  limit=$((LIMIT_MIB * 1048576))
  [ $((tree + base)) -le "$limit" ] || die "$BASE and the working tree exceed $LIMIT_MIB MiB"
  [ $((tree + mesa)) -le "$limit" ] || die "$MESA and the working tree exceed $LIMIT_MIB MiB"
  if [ $((tree + base + mesa)) -le "$limit" ]; then
    echo "one device call: carry [\"$BASE\", \"$MESA\"], command: bash scripts/gpu-carry/device-run.sh" >&2
  else
    echo "two device calls, the second within the machine's 30 s warm time:" >&2
    echo "  1. carry [\"$MESA\"], command: bash scripts/gpu-carry/device-run.sh --stage-only" >&2
    echo "  2. carry [\"$BASE\"], command: bash scripts/gpu-carry/device-run.sh" >&2
  fi
}

if [ "${1:-}" = --sizes-only ]; then report_sizes; exit 0; fi

command -v apt-get >/dev/null || die "apt-get is needed to download the Debian packages"
[ "$(uname -m)" = x86_64 ] || die "the GPU machine is x86-64: prepare the carry folders on an x86-64 machine (this is $(uname -m))"

say "Building the demo and the packages it imports"
export TURBO_TELEMETRY_DISABLED=1
pnpm exec turbo run build --filter=@backprop/demo... --output-logs=errors-only >&2 || die "the build failed"
(cd packages/backend-gpujs && node -e "require('gl')") || die "the gl addon does not load here; run scripts/setup.sh first"

rm -rf "$BASE" "$MESA"
mkdir -p "$BASE/debs/glvnd" "$BASE/debs/x11" "$MESA/debs"

say "Node $(node --version), stripped and compressed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$(command -v node)" "$tmp/node"
strip "$tmp/node" 2>/dev/null || true
xz -9 -T0 -c "$tmp/node" > "$BASE/node.xz"
node --version > "$BASE/node.version"

say "node_modules closure and built dists"
node scripts/gpu-carry/collect-modules.mjs > "$BASE/modules.list"
# Not needed at run time: source maps, type declarations, gl's ANGLE sources and static
# libraries (its webgl.node is self-contained), and Dawn builds for other systems.
tar -cf - --exclude='*.map' --exclude='*.d.ts' --exclude='*.d.mts' --exclude='*.d.cts' \
  --exclude='node_modules/gl/angle' --exclude='node_modules/gl/deps' --exclude='node_modules/gl/build/Release/obj*' \
  --exclude='node_modules/gl/build/Release/*.a' --exclude='node_modules/gl/build/Release/.deps' \
  --exclude='webgpu/dist/darwin-*' --exclude='webgpu/dist/win32-*' \
  -T "$BASE/modules.list" | xz -9 -T0 > "$BASE/modules.tar.xz"
# (Listed to a file first: grep -q would end the pipe early, which pipefail reports as a failure.)
tar -tJf "$BASE/modules.tar.xz" > "$tmp/modules.contents"
grep -q 'gl/build/Release/webgl.node$' "$tmp/modules.contents" || die "the gl addon is missing from the modules archive"

say "Debian packages (amd64)"
apt=(-o APT::Architecture=amd64 -o APT::Architectures=amd64)
(cd "$BASE/debs/glvnd" && apt-get "${apt[@]}" download "${GLVND_DEBS[@]}" >/dev/null) || die "apt-get download failed for ${GLVND_DEBS[*]}"
(cd "$BASE/debs/x11" && apt-get "${apt[@]}" download "${X11_DEBS[@]}" >/dev/null) || die "apt-get download failed for the X11 packages"
(cd "$MESA/debs" && apt-get "${apt[@]}" download "${MESA_DEBS[@]}" >/dev/null) || die "apt-get download failed for the Mesa packages"

report_sizes
