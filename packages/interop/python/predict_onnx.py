"""Runs ONNX files in Python's onnxruntime (CPU) for @backprop/interop's cross-language test.

Reads JSON from stdin: [{"model": path, "feeds": {name: {"type": "float32"|"float64"|"string",
"dims": [...], "data": [...]}}}, ...]; writes JSON to stdout: one {output name: {"dims", "data"}}
per model, with the onnxruntime version. NaN travels as null.
"""
import json
import sys

import numpy as np
import onnxruntime as ort

TYPES = {"float32": np.float32, "float64": np.float64, "string": object}


def to_array(feed):
    data = [float("nan") if v is None else v for v in feed["data"]] if feed["type"] != "string" else feed["data"]
    return np.array(data, dtype=TYPES[feed["type"]]).reshape(feed["dims"])


def plain(value):
    if isinstance(value, float) and value != value:
        return None
    return value


results = []
for job in json.load(sys.stdin):
    session = ort.InferenceSession(job["model"], providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    outputs = session.run(names, {name: to_array(feed) for name, feed in job["feeds"].items()})
    results.append({name: {"dims": list(out.shape), "data": [plain(v.item() if hasattr(v, "item") else v) for v in out.reshape(-1)]} for name, out in zip(names, outputs)})
json.dump({"onnxruntime": ort.__version__, "results": results}, sys.stdout)
