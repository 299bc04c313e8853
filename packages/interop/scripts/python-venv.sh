#!/usr/bin/env bash
# Makes packages/interop/.venv with Python's onnxruntime (python/requirements.txt) for the one
# cross-language test, and checks that it loads. Cached: a venv whose installed requirements
# match the file is kept (about 1 s); a fresh one takes ~20-40 s (wheels from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=python/requirements.txt
venv=.venv
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp" && "$venv/bin/python" -c 'import onnxruntime, numpy' 2>/dev/null; then
  echo "python venv for @backprop/interop: up to date ($venv)"
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv" || { echo "python3 -m venv failed: install python3-venv (apt-get install -y python3-venv)" >&2; exit 1; }
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
"$venv/bin/python" -c 'import onnxruntime, numpy; print("onnxruntime", onnxruntime.__version__)'
cp "$requirements" "$stamp"
