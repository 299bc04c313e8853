#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon (tfjs_binding.node) without the host its own install
# script downloads libtensorflow from: the TensorFlow shared libraries and C API headers come from
# a TensorFlow wheel on PyPI (downloaded only, never installed: no Python TensorFlow is needed),
# and the addon is compiled from the C++ sources that tfjs-node's npm package ships.
#
# Usage: bash scripts/tfjs-node-offline.sh        (does nothing when tfjs-node already loads)
#        FORCE=1 bash scripts/tfjs-node-offline.sh (rebuilds anyway)
# Environment: TF_WHEEL_VERSION (tensorflow-cpu version, default below), TF_WHEEL_PYTHON (the
# Python version whose wheel is taken; any works, the Python parts are not used),
# BACKPROP_CACHE_DIR (where wheels are kept between runs, default ~/.cache/backprop).
#
# Why these versions (measured, see packages/backend-tfjs/README.md, "Native TensorFlow offline"):
# up to 2.11 the wheels keep TensorFlow's C API inside the Python extension
# _pywrap_tensorflow_internal.so, which needs libpython's symbols at load time; from 2.12 on it
# lives in libtensorflow_cc.so.2, which needs nothing from Python.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TF_WHEEL_VERSION=${TF_WHEEL_VERSION:-2.20.0}
TF_WHEEL_PYTHON=${TF_WHEEL_PYTHON:-3.11}
CACHE_DIR=${BACKPROP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backprop}/tensorflow-wheels
# The package whose code loads tfjs-node: resolving from it finds the copy the backend really uses.
LOADER_DIR=$ROOT/packages/backend-tfjs
STAMP_NAME=backprop-offline-build.txt

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '\nERROR (tfjs-node offline build): %s\n' "$*" >&2; exit 1; }

# Loads tfjs-node the way the backend does and runs one matmul on the 'tensorflow' engine.
# Prints the TensorFlow version on success; exits non-zero with the error otherwise.
check_engine() {
  (cd "$LOADER_DIR" && TF_CPP_MIN_LOG_LEVEL=2 node -e '
    require("@tensorflow/tfjs-node");
    const tf = require("@tensorflow/tfjs-core");
    if (!tf.findBackend("tensorflow")) throw new Error("tfjs-node loaded but registered no tensorflow engine");
    tf.setBackend("tensorflow");
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const product = Array.from(tf.matMul(a, a, true, false).dataSync());
    if (product.join() !== "10,14,14,20") throw new Error("AᵀA on the tensorflow engine gave " + product);
    console.log(tf.backend().binding.TF_Version);
  ')
}

tfjs_node_dir=$(cd "$LOADER_DIR" && node -p 'require("path").dirname(require.resolve("@tensorflow/tfjs-node/package.json"))' 2>/dev/null) \
  || die "@tensorflow/tfjs-node is not installed under packages/backend-tfjs: run pnpm install first"
tfjs_node_dir=$(readlink -f "$tfjs_node_dir")
stamp="$tfjs_node_dir/deps/$STAMP_NAME"
wanted="tensorflow-cpu $TF_WHEEL_VERSION"

if [ -z "${FORCE:-}" ] && tf_version=$(check_engine 2>/dev/null); then
  # A build by tfjs-node's own install script has no stamp; one of ours must match the version asked for.
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" = "$wanted" ]; then
    say "tfjs-node already loads (libtensorflow $tf_version): nothing to do"
    exit 0
  fi
fi

for tool in python3 g++ make nm; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y python3 python3-pip g++ make binutils)"
done
python3 -m pip --version >/dev/null 2>&1 || die "pip is missing for python3 (Debian: apt-get install -y python3-pip)"
node_gyp="$ROOT/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$node_gyp" ] || die "node-gyp is missing from the root node_modules: run pnpm install first"
# node-gyp must use the headers of the Node that runs here, or it tries to download them.
nodedir=${npm_config_nodedir:-$(node -p 'require("path").resolve(process.execPath, "../..")')}
[ -f "$nodedir/include/node/node_api.h" ] || die "no Node headers in $nodedir/include/node (Debian: they come with the nodejs package)"

# 1. The wheel, downloaded once into the cache. pip picks the manylinux wheel for the Python
#    version named, whatever Python runs here (2.21 and later ship only manylinux_2_27 wheels).
mkdir -p "$CACHE_DIR"
find_wheel() { find "$CACHE_DIR" -maxdepth 1 -name "tensorflow_cpu-$TF_WHEEL_VERSION-*.whl" | head -n 1; }
wheel=$(find_wheel)
if [ -z "$wheel" ]; then
  say "Downloading tensorflow-cpu $TF_WHEEL_VERSION (wheel for Python $TF_WHEEL_PYTHON, about 250 MB) into $CACHE_DIR"
  python3 -m pip download --quiet --no-deps --no-cache-dir --only-binary=:all: \
    --python-version "$TF_WHEEL_PYTHON" --platform manylinux2014_x86_64 --platform manylinux_2_27_x86_64 \
    -d "$CACHE_DIR" "tensorflow-cpu==$TF_WHEEL_VERSION" \
    || die "pip could not download tensorflow-cpu==$TF_WHEEL_VERSION (is PyPI or a mirror of it reachable? pip's index settings apply)"
  wheel=$(find_wheel)
  [ -n "$wheel" ] || die "pip reported success but no tensorflow_cpu-$TF_WHEEL_VERSION wheel is in $CACHE_DIR"
fi

# The default wheel's SHA-256 as PyPI published it: a mirror or a cache that serves other bytes
# is refused. Other wheels rely on pip's own check of the index's hash.
declare -A KNOWN_SHA256=(
  [tensorflow_cpu-2.20.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl]=cf756bbe2d256e942ab5d0ad2c858fb40017581494febdb4387c149b1afde780
)
expected_sha=${KNOWN_SHA256[$(basename "$wheel")]:-}
if [ -n "$expected_sha" ]; then
  actual_sha=$(sha256sum "$wheel" | cut -d' ' -f1)
  if [ "$actual_sha" != "$expected_sha" ]; then
    rm -f "$wheel"
    die "$(basename "$wheel") has SHA-256 $actual_sha, not PyPI's $expected_sha: removed it; run again to download it again"
  fi
fi

# 2. The libraries and headers, laid out as tfjs-node's binding.gyp expects: deps/lib holds
#    libtensorflow.so and libtensorflow_framework.so (it links -ltensorflow -ltensorflow_framework
#    with rpath $ORIGIN/../../deps/lib), deps/include holds tensorflow/c/... . Everything written
#    here is a new file: the package's own files are hard links into pnpm's store and stay untouched.
say "Unpacking TensorFlow's shared libraries and C API headers from $(basename "$wheel")"
# Unpacked beside deps first, so that a wheel which does not fit leaves a working build in place.
staging="$tfjs_node_dir/deps.partial"
build_log=$(mktemp)
trap 'rm -rf "$staging" "$build_log"' EXIT
rm -rf "$staging"
mkdir -p "$staging/lib" "$staging/include"
if python3 - "$wheel" "$staging" <<'PY'
import fnmatch, os, shutil, sys, zipfile
wheel, deps = sys.argv[1], sys.argv[2]
# The C API headers and the few they include from TSL/XLA (their place moved between versions).
headers = ['tensorflow/include/tensorflow/c/*', 'tensorflow/include/*tsl/c/*', 'tensorflow/include/*ctstring*']
libraries = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2']
try:
    archive = zipfile.ZipFile(wheel)
except zipfile.BadZipFile as error:
    os.remove(wheel)  # a download cut short: the next run fetches it again
    sys.exit(f'{wheel} is damaged ({error}); it was removed, run again to download it again')
with archive as z:
    names = set(z.namelist())
    missing = [l for l in libraries if l not in names]
    if missing:
        has_pywrap = 'tensorflow/python/_pywrap_tensorflow_internal.so' in names
        sys.exit('the wheel has no ' + ', '.join(missing) + (
            ': its C API lives only in tensorflow/python/_pywrap_tensorflow_internal.so, which needs '
            "libpython's symbols to load (TensorFlow 2.11 and older); use TF_WHEEL_VERSION=2.12.1 or newer"
            if has_pywrap else ''))
    for name in libraries:
        with z.open(name) as src, open(os.path.join(deps, 'lib', os.path.basename(name)), 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    count = 0
    for name in sorted(names):
        if name.endswith('/') or not any(fnmatch.fnmatch(name, p) for p in headers):
            continue
        target = os.path.join(deps, 'include', name[len('tensorflow/include/'):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(name) as src, open(target, 'wb') as dst:
            shutil.copyfileobj(src, dst)
        count += 1
    print(f'{count} headers', file=sys.stderr)
PY
then :; else die "could not take TensorFlow's libraries and headers from $(basename "$wheel") (reason above)"; fi
(
  cd "$staging/lib"
  # The addon records libtensorflow_cc.so.2 (the library's soname) whatever name it linked with.
  ln -s libtensorflow_cc.so.2 libtensorflow.so.2
  ln -s libtensorflow.so.2 libtensorflow.so
  ln -s libtensorflow_framework.so.2 libtensorflow_framework.so
)
exports_of() { nm -D --defined-only "$@" | awk 'NF == 3 { sub(/@.*/, "", $3); print $3 }' | sort -u; }
exported=$(exports_of "$staging/lib/libtensorflow_cc.so.2" | grep -cE '^TFE?_' || true)
[ "$exported" -gt 0 ] || die "libtensorflow_cc.so.2 of tensorflow-cpu $TF_WHEEL_VERSION exports no TF_*/TFE_* symbols"
say "libtensorflow_cc.so.2 exports $exported TF_*/TFE_* symbols"
rm -rf "$tfjs_node_dir/deps" "$tfjs_node_dir/build"
mv "$staging" "$tfjs_node_dir/deps"

# 3. The addon, compiled from tfjs-node's sources into the folder tfjs-node loads it from
#    (node-pre-gyp's path for this Node's N-API version, e.g. lib/napi-v8/tfjs_binding.node).
binding_path=$(cd "$tfjs_node_dir" && node -p 'require("@mapbox/node-pre-gyp").find(require("path").resolve("package.json"))')
module_dir=$(dirname "$binding_path")
napi_version=${module_dir##*napi-v}
say "Building tfjs_binding.node (N-API $napi_version) with node-gyp into ${module_dir#"$tfjs_node_dir/"}"
(
  cd "$tfjs_node_dir"
  npm_config_nodedir=$nodedir node "$node_gyp" rebuild \
    --module_name=tfjs_binding --module_path="$module_dir" --napi_build_version="$napi_version"
) >"$build_log" 2>&1 || { tail -n 40 "$build_log" >&2; die "node-gyp could not build tfjs_binding.node (log above)"; }
rm -rf "$tfjs_node_dir/build"

# 4. Every TensorFlow symbol the addon needs is exported by the libraries beside it.
missing=$(comm -23 \
  <(nm -D --undefined-only "$binding_path" | awk '{ sub(/@.*/, "", $2); print $2 }' | grep -E '^TFE?_' | sort -u) \
  <(exports_of "$tfjs_node_dir"/deps/lib/libtensorflow_cc.so.2 "$tfjs_node_dir"/deps/lib/libtensorflow_framework.so.2))
[ -z "$missing" ] || die "tensorflow-cpu $TF_WHEEL_VERSION lacks symbols tfjs_binding.node needs: $(echo "$missing" | tr '\n' ' ')"

# 5. tfjs-node really loads and computes on the 'tensorflow' engine.
tf_version=$(check_engine) || die "tfjs_binding.node was built but @tensorflow/tfjs-node does not load (error above)"
echo "$wanted" >"$stamp"
say "tfjs-node loads: the 'tensorflow' engine runs on libtensorflow $tf_version from tensorflow-cpu $TF_WHEEL_VERSION"
