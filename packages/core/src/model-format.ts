/**
 * The saved-model format: versioned JSON, weights as base64 of little-endian IEEE floats so that
 * float32 weights round-trip bit-exactly (decimal text would not). Loading validates everything
 * and never evaluates anything: JSON.parse, then checks of every field.
 *
 * {
 *   "format": "backprop-model", "version": 2,
 *   "network": { "inputSize": 784, "loss": "softmaxCrossEntropy",
 *                "layers": [{ "units": 128, "activation": "relu", "alpha": 0.01, "dropout": 0.2 }, ...] },
 *   "weights": [{ "w": { "dtype": "float32", "shape": [784, 128], "data": "<base64>" },
 *                 "b": { "dtype": "float32", "shape": [1, 128], "data": "<base64>" } }, ...],
 *   "meta": { "savedAt": "...", "backend": "js", "engine": "float32" }
 * }
 */
import type { Backend } from './backend.js';
import { checkSavedOptimizer, optimizerFromSaved, saveOptimizerState, type SavedOptimizer } from './checkpoint/optimizer-format.js';
import { describeValue, ModelFormatError } from './errors.js';
import { networkFromWeights, type LayerWeights, type Network, type ResolvedNetworkSpec } from './network.js';
import type { Ops } from './ops.js';
import type { OptimizerState } from './optimizers.js';
import { overflowLimit } from './precision.js';
import { resolveNetworkSpec } from './spec-rules.js';

export const MODEL_FORMAT = 'backprop-model';
/**
 * The version written. 2 added what version 1 readers would misuse if they ignored it: new
 * activation kinds, per-layer dropout, and preprocessing in `meta.preprocessing` (@backprop/data),
 * without which a model would silently predict on unscaled inputs. A version 1 reader refuses a
 * version 2 file; this library reads both (a version 1 file is a version 2 file without them).
 */
export const MODEL_FORMAT_VERSION = 2;
/** Every version this library reads. */
export const MODEL_FORMAT_VERSIONS_READ: readonly number[] = [1, 2];

/** One matrix as saved: little-endian IEEE floats in base64 (checkpoints use it too). */
export interface SavedArray {
  dtype: 'float32' | 'float64';
  shape: [number, number];
  data: string;
}

export interface SavedModel {
  format: typeof MODEL_FORMAT;
  version: number;
  network: ResolvedNetworkSpec;
  weights: { w: SavedArray; b: SavedArray }[];
  meta?: Record<string, unknown>;
  /**
   * The optimizer's state (includeOptimizer): spec, step count and every slot as exact bits.
   * Optional within version 2: a reader that ignores it still loads the model right.
   */
  optimizer?: SavedOptimizer;
}

export interface SaveOptions {
  /**
   * Save this optimizer state with the model (tfjs's includeOptimizer, Keras's full save), so
   * that training continued from the file (parseModel/readModel give it back) takes exactly the
   * steps it would have taken without the save. Must belong to the network.
   */
  readonly includeOptimizer?: OptimizerState;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character codes of the base64 alphabet, and back (−1: not in it). */
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const B64_VALUES = new Int8Array(128).fill(-1);
B64_CODES.forEach((code, value) => (B64_VALUES[code] = value));
const PAD = 61; // '='

/**
 * Base64 into a byte buffer decoded once: a string built 4 characters at a time cost ~1.5 s for
 * a 2-million-parameter checkpoint (24 MB of weights and Adam moments), this ~0.1 s.
 */
function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64_CODES[(n >> 18) & 63]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = B64_CODES[(n >> 6) & 63]!;
    out[o++] = B64_CODES[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out[o++] = B64_CODES[(n >> 18) & 63]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = i + 1 < bytes.length ? B64_CODES[(n >> 6) & 63]! : PAD;
    out[o] = PAD;
  }
  // Every byte is ASCII, which latin1 decodes one to one.
  return new TextDecoder('latin1').decode(out);
}

function fromBase64(s: string, where: string): Uint8Array {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new ModelFormatError(`${where}.data is not valid base64`);
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  // '=' maps to −1 & 63: bits of bytes past the end, which are not written.
  const value = (k: number): number => B64_VALUES[s.charCodeAt(k)]! & 63;
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encode(values: Float32Array | Float64Array, rows: number, cols: number): SavedArray {
  // Copy to a fresh array so that the bytes start at offset 0, and swap on big-endian hosts.
  const copy = values instanceof Float64Array ? Float64Array.from(values) : Float32Array.from(values);
  const bytes = new Uint8Array(copy.buffer);
  if (!littleEndian) swapBytes(bytes, copy.BYTES_PER_ELEMENT);
  return { dtype: values instanceof Float64Array ? 'float64' : 'float32', shape: [rows, cols], data: toBase64(bytes) };
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** A saved shape as messages print it: `[r,c]` for a short list of numbers, else what it is (never a deep or huge dump). */
function shapeDescription(shape: unknown): string {
  if (Array.isArray(shape) && shape.length <= 4 && shape.every((v) => typeof v === 'number')) return `[${shape.join(',')}]`;
  return describeValue(shape);
}

/** `limit`: magnitudes at or beyond it are not finite on the target backend (float32: 2^128 − 2^103). */
export function decode(value: unknown, where: string, rows: number, cols: number, limit = Infinity): Float32Array | Float64Array {
  if (typeof value !== 'object' || value === null) throw new ModelFormatError(`${where} must be an object, got ${describeValue(value)}`);
  const v = value as Partial<SavedArray>;
  if (v.dtype !== 'float32' && v.dtype !== 'float64') throw new ModelFormatError(`${where}.dtype must be 'float32' or 'float64', got ${describeValue(v.dtype)}`);
  if (!Array.isArray(v.shape) || v.shape[0] !== rows || v.shape[1] !== cols || v.shape.length !== 2) {
    throw new ModelFormatError(`${where}.shape must be [${rows},${cols}] to fit the network, got ${shapeDescription(v.shape)}`);
  }
  if (typeof v.data !== 'string') throw new ModelFormatError(`${where}.data must be a base64 string, got ${describeValue(v.data)}`);
  const bytes = fromBase64(v.data, where);
  const width = v.dtype === 'float64' ? 8 : 4;
  if (bytes.length !== rows * cols * width) {
    throw new ModelFormatError(`${where}.data must hold ${rows * cols} ${v.dtype} values (${rows * cols * width} bytes), got ${bytes.length} bytes: truncated or corrupt`);
  }
  if (!littleEndian) swapBytes(bytes, width);
  const out = v.dtype === 'float64' ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new ModelFormatError(`${where} value ${i} is ${String(out[i])}: a model with non-finite weights is not loaded`);
    if (!(out[i]! < limit && out[i]! > -limit)) {
      throw new ModelFormatError(`${where} value ${i} is ${String(out[i])}, beyond float32 (largest finite magnitude 3.4028235e38): this backend cannot hold it`);
    }
  }
  return out;
}

function checkSpec(value: unknown): ResolvedNetworkSpec {
  // The same rules as createNetwork (spec-rules.ts); a model saved before dropout existed has none.
  return resolveNetworkSpec(value, {
    name: 'network',
    field: (layer, name) => (layer === undefined ? `network.${name}` : `network.layers[${layer}].${name}`),
    fail: (detail) => new ModelFormatError(detail),
    requireKinds: true,
  });
}

/** The model as a plain object in the saved format. Refuses non-finite weights. */
export async function modelToObject(network: Network, meta: Record<string, unknown> = {}, options: SaveOptions = {}): Promise<SavedModel> {
  const optimizer = options.includeOptimizer;
  if (optimizer !== undefined && optimizer.network !== network) throw new ModelFormatError('includeOptimizer: the optimizer state belongs to another network', 'saveModel');
  const weights = await network.getWeights();
  weights.forEach((lw, i) => {
    for (const [name, arr] of [['w', lw.w], ['b', lw.b]] as const) {
      for (let k = 0; k < arr.length; k++) {
        if (!Number.isFinite(arr[k])) throw new ModelFormatError(`layer ${i} ${name} value ${k} is ${String(arr[k])}: refusing to save a model with non-finite weights`, 'saveModel');
      }
    }
  });
  const info = network.ops.info;
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    network: network.spec,
    weights: weights.map((lw) => ({ w: encode(lw.w, lw.inputs, lw.units), b: encode(lw.b, 1, lw.units) })),
    meta: { savedAt: new Date().toISOString(), backend: info.name, engine: info.engine, precision: info.precision, ...meta },
    ...(optimizer ? { optimizer: await saveOptimizerState(optimizer) } : {}),
  };
}

/** The model as JSON text. */
export async function modelToJSON(network: Network, meta?: Record<string, unknown>, options?: SaveOptions): Promise<string> {
  return JSON.stringify(await modelToObject(network, meta, options));
}

/** Validates a saved model (text or parsed object) and builds it on `backend`. */
export function modelFromJSON(source: unknown, backend: Backend | Ops): Network {
  return parseModel(source, backend).network;
}

/**
 * Like modelFromJSON, also returning the `meta` object saved with the model ({} when absent) and,
 * when the model was saved with includeOptimizer, a new OptimizerState for the network holding
 * the saved state (pass it to fit as `optimizer`; dispose it when done).
 */
export function parseModel(source: unknown, backend: Backend | Ops): { network: Network; meta: Record<string, unknown>; optimizer?: OptimizerState } {
  let parsed: unknown = source;
  if (typeof source === 'string') {
    try {
      parsed = JSON.parse(source);
    } catch (e) {
      throw new ModelFormatError(`not valid JSON (${(e as Error).message}); the file may be truncated`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ModelFormatError(`expected a model object, got ${describeValue(parsed)}`);
  const m = parsed as Partial<SavedModel>;
  if (m.format !== MODEL_FORMAT) throw new ModelFormatError(`format must be '${MODEL_FORMAT}', got ${describeValue(m.format)}: not a backprop model`);
  if (typeof m.version !== 'number' || !MODEL_FORMAT_VERSIONS_READ.includes(m.version)) {
    throw new ModelFormatError(`version ${describeValue(m.version)} is not supported; this library reads versions ${MODEL_FORMAT_VERSIONS_READ.join(' and ')}`);
  }
  const spec = checkSpec(m.network);
  if (!Array.isArray(m.weights) || m.weights.length !== spec.layers.length) {
    throw new ModelFormatError(`weights must list ${spec.layers.length} layers, got ${describeValue(m.weights)}`);
  }
  let inputs = spec.inputSize;
  const weights: LayerWeights[] = spec.layers.map((l, i) => {
    const lw = m.weights![i] as Partial<SavedModel['weights'][number]> | undefined;
    if (typeof lw !== 'object' || lw === null) throw new ModelFormatError(`weights[${i}] must be { w, b }, got ${describeValue(lw)}`);
    const limit = overflowLimit(backend.info.precision);
    const w = decode(lw.w, `weights[${i}].w`, inputs, l.units, limit);
    const b = decode(lw.b, `weights[${i}].b`, 1, l.units, limit);
    const out = { w, b, inputs, units: l.units };
    inputs = l.units;
    return out;
  });
  const meta = typeof m.meta === 'object' && m.meta !== null && !Array.isArray(m.meta) ? m.meta : {};
  const network = networkFromWeights(backend, spec, weights);
  if (m.optimizer === undefined) return { network, meta };
  try {
    const saved = checkSavedOptimizer(m.optimizer, network, 'optimizer', 'loadModel');
    return { network, meta, optimizer: optimizerFromSaved(network, saved, 'optimizer', 'loadModel') };
  } catch (e) {
    network.dispose();
    throw e;
  }
}
