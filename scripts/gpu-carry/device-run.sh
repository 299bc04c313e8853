#!/usr/bin/env bash
# Runs on the GPU machine (as root, in the repository root the device tool copied), with the
# folders scripts/gpu-carry.sh prepared carried along: unpacks them, starts Xvfb, and runs
# scripts/gpu-check.sh with gpu.js's headless GL sent to the NVIDIA GLX vendor library.
#   bash scripts/gpu-carry/device-run.sh --stage-only   # unpack what came (e.g. .gpu-carry-mesa) and report the machine
#   bash scripts/gpu-carry/device-run.sh [gpu-check flags, e.g. --short]
#   GLX_VENDOR= bash scripts/gpu-carry/device-run.sh --short   # Mesa's GLX instead of NVIDIA's
# Results go to $OUT (the device tool's folder that comes back), else gpu-check-results/:
# gpu-check.json, gpu-check.txt (the table), setup.log, xvfb.log.
set -uo pipefail
cd "$(dirname "$0")/../.."

PREFIX=/opt/backprop-gpu
LIB=$PREFIX/usr/lib/x86_64-linux-gnu
results=${OUT:-$PWD/gpu-check-results}
mkdir -p "$PREFIX" "$results"
log=$results/setup.log
say() { printf '==> %s\n' "$*" | tee -a "$log" >&2; }

stage_only=0
if [ "${1:-}" = --stage-only ]; then stage_only=1; shift; fi

say "machine: $(uname -m), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), $(nproc) cores"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee -a "$log" >&2

# 1. What came: glvnd into / (the device notes' recipe), everything else into $PREFIX.
if [ -d .gpu-carry/debs/glvnd ]; then
  for f in .gpu-carry/debs/glvnd/*.deb; do dpkg -x "$f" /; done
  ldconfig
  say "glvnd unpacked into /"
fi
for dir in .gpu-carry/debs/x11 .gpu-carry-mesa/debs; do
  [ -d "$dir" ] || continue
  for f in "$dir"/*.deb; do dpkg -x "$f" "$PREFIX"; done
  say "$dir unpacked into $PREFIX"
done
if [ -f .gpu-carry/node.xz ]; then
  xz -dc .gpu-carry/node.xz > "$PREFIX/node" && chmod +x "$PREFIX/node"
  say "node $("$PREFIX/node" --version) in $PREFIX"
fi
if [ -f .gpu-carry/modules.tar.xz ]; then
  tar -xJf .gpu-carry/modules.tar.xz
  say "node_modules and dists unpacked into the tree"
fi

# 2. Xvfb looks for Mesa's swrast, xkbcomp and the keymaps at compiled-in paths: link the carried
#    ones there when the machine has none (it is a throwaway machine; nothing present is replaced).
link_if_absent() { [ -e "$2" ] || { [ -e "$1" ] && mkdir -p "$(dirname "$2")" && ln -s "$1" "$2" && say "linked $2"; }; }
link_if_absent "$LIB/dri" /usr/lib/x86_64-linux-gnu/dri
link_if_absent "$PREFIX/usr/bin/xkbcomp" /usr/bin/xkbcomp
link_if_absent "$PREFIX/usr/share/X11/xkb" /usr/share/X11/xkb
mkdir -p /var/lib/xkb

export LD_LIBRARY_PATH="$LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$d"; done
export PATH="$PREFIX/usr/bin:$PATH"
# Where the device notes found the NVIDIA Vulkan and EGL vendor files.
[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] && export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] && export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
{ ldconfig -p | grep -E 'libGLX_nvidia|libEGL_nvidia|libvulkan' || echo "no NVIDIA GLX/EGL library in ldconfig's cache"; } >> "$log" 2>&1

if [ "$stage_only" = 1 ]; then
  say "staged; now run this script again (without --stage-only) with .gpu-carry carried"
  exit 0
fi
[ -x "$PREFIX/node" ] || { say "no node in $PREFIX: carry .gpu-carry (scripts/gpu-carry.sh makes it)"; exit 3; }
[ -e /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so ] || say "warning: no Mesa swrast_dri.so: Xvfb will have no GLX (carry .gpu-carry-mesa in a call of its own first)"

# 3. A private X display. GLX windows ran on the GPU under Xvfb with the NVIDIA vendor library.
display=77
Xvfb ":$display" -screen 0 64x64x24 -nolisten tcp > "$results/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null' EXIT
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$display" ] && break; sleep 0.2; done
[ -S "/tmp/.X11-unix/X$display" ] || { say "Xvfb did not start: $(tail -5 "$results/xvfb.log")"; exit 4; }
export DISPLAY=":$display"
# GLX_VENDOR= (empty) leaves the choice to libglvnd (Mesa under Xvfb): the software baseline.
vendor=${GLX_VENDOR-nvidia}
[ -n "$vendor" ] && export __GLX_VENDOR_LIBRARY_NAME=$vendor
say "DISPLAY=$DISPLAY, __GLX_VENDOR_LIBRARY_NAME=${__GLX_VENDOR_LIBRARY_NAME:-(unset)}"
glxinfo -B >> "$log" 2>&1 || say "glxinfo -B failed with the NVIDIA vendor library (see setup.log)"

# 4. The check itself (its own budget: at most 6 minutes in full mode).
NODE="$PREFIX/node" bash scripts/gpu-check.sh --out "$results/gpu-check.json" "$@" 2>&1 | tee "$results/gpu-check.txt"
exit "${PIPESTATUS[0]}"
