/**
 * An optimizer's state as saved data: its resolved spec, the step count (Adam's t) and every
 * per-parameter slot (velocities, moments) as exact IEEE bits, so that training continued from
 * it takes the very steps it would have taken without the save. Used by checkpoints and by
 * saveModel/modelToJSON's `includeOptimizer`.
 *
 * The state lives where the last training path kept it: the per-operation path in backend
 * handles (`slots`, at the backend's precision), core's fused host path in float64 host arrays
 * (`hostSlots`: four per layer, [W, W, b, b] sized). Both are saved as they are, so that a
 * resume on the same path continues bit for bit.
 */
import { ModelFormatError, describeValue } from '../errors.js';
import { decode, encode, type SavedArray } from '../model-format.js';
import type { Network } from '../network.js';
import { OptimizerState, resolveOptimizer, type ResolvedOptimizer } from '../optimizers.js';
import { overflowLimit } from '../precision.js';
import { updateRule } from '../update-rules/index.js';

export interface SavedOptimizer {
  readonly spec: ResolvedOptimizer;
  /** Completed update steps. */
  readonly step: number;
  /** Per parameter (W0, b0, W1, …): the rule's slots, as the per-operation path keeps them; empty when it never ran. */
  readonly slots: SavedArray[][];
  /** The fused host path's float64 state, four arrays per layer; absent when it never ran (or the rule has no state). */
  readonly hostSlots?: SavedArray[];
}

/** The parameters' shapes in slot order: W0, b0, W1, b1, … */
function parameterShapes(network: Network): [number, number][] {
  return network.layers.flatMap((l): [number, number][] => [[l.inputs, l.units], [1, l.units]]);
}

/** Reads `optimizer`'s state (one readback per device slot). */
export async function saveOptimizerState(optimizer: OptimizerState): Promise<SavedOptimizer> {
  const ops = optimizer.network.ops;
  const slots: SavedArray[][] = [];
  for (const slot of optimizer.slots) {
    const saved: SavedArray[] = [];
    for (const m of slot) saved.push(encode(await ops.read(m), m.rows, m.cols));
    slots.push(saved);
  }
  const stateful = updateRule(optimizer.spec.kind).slots > 0;
  const hostSlots = stateful && optimizer.hostSlots ? optimizer.hostSlots.map((a) => encode(a, 1, a.length)) : undefined;
  return { spec: { ...optimizer.spec }, step: optimizer.step, slots, ...(hostSlots ? { hostSlots } : {}) };
}

/** Checks a saved optimizer state against `network`; throws ModelFormatError (with `operation`) naming the field. */
export function checkSavedOptimizer(value: unknown, network: Network, where: string, operation: string): SavedOptimizer {
  const fail = (detail: string): never => {
    throw new ModelFormatError(detail, operation);
  };
  if (typeof value !== 'object' || value === null) fail(`${where} must be an object, got ${describeValue(value)}`);
  const v = value as Partial<SavedOptimizer>;
  let spec: ResolvedOptimizer;
  try {
    spec = resolveOptimizer(v.spec as ResolvedOptimizer, `${where}.spec`);
  } catch (e) {
    return fail(`${where}.spec: ${(e as Error).message}`);
  }
  if (typeof v.step !== 'number' || !Number.isInteger(v.step) || v.step < 0) fail(`${where}.step must be an integer ≥ 0, got ${describeValue(v.step)}`);
  const count = updateRule(spec.kind).slots;
  const shapes = parameterShapes(network);
  if (!Array.isArray(v.slots) || (v.slots.length !== 0 && v.slots.length !== shapes.length)) fail(`${where}.slots must list 0 or ${shapes.length} parameters, got ${describeValue(v.slots)}`);
  v.slots!.forEach((slot, p) => {
    if (!Array.isArray(slot) || slot.length !== count) fail(`${where}.slots[${p}] must hold ${count} arrays for ${spec.kind}, got ${describeValue(slot)}`);
  });
  if (v.hostSlots !== undefined) {
    const lengths = network.layers.flatMap((l) => [l.inputs * l.units, l.inputs * l.units, l.units, l.units]);
    if (!Array.isArray(v.hostSlots) || v.hostSlots.length !== lengths.length) fail(`${where}.hostSlots must list ${lengths.length} arrays, got ${describeValue(v.hostSlots)}`);
  }
  return { spec, step: v.step!, slots: v.slots!, ...(v.hostSlots ? { hostSlots: v.hostSlots } : {}) };
}

/**
 * Puts a checked saved state into `optimizer` (made for the same network, its spec already the
 * saved one's): the step count and every slot. Throws ModelFormatError on damaged arrays.
 */
export function restoreOptimizerState(optimizer: OptimizerState, saved: SavedOptimizer, where: string, operation: string): void {
  const network = optimizer.network;
  const ops = network.ops;
  const limit = overflowLimit(ops.info.precision);
  const shapes = parameterShapes(network);
  const decodeAt = (value: unknown, at: string, rows: number, cols: number, lim: number): Float32Array | Float64Array => {
    try {
      return decode(value, at, rows, cols, lim);
    } catch (e) {
      if (e instanceof ModelFormatError) throw new ModelFormatError(e.message.replace(/^loadModel: /, ''), operation);
      throw e;
    }
  };
  const slots = saved.slots.map((slot, p) => slot.map((a, k) => decodeAt(a, `${where}.slots[${p}][${k}]`, shapes[p]![0], shapes[p]![1], limit)));
  const lengths = network.layers.flatMap((l) => [l.inputs * l.units, l.inputs * l.units, l.units, l.units]);
  const hostSlots = saved.hostSlots?.map((a, i) => Float64Array.from(decodeAt(a, `${where}.hostSlots[${i}]`, 1, lengths[i]!, Infinity)));
  optimizer.dispose();
  slots.forEach((slot, p) => (optimizer.slots[p] = slot.map((values) => ops.fromArray(values, shapes[p]![0], shapes[p]![1]))));
  if (hostSlots) optimizer.hostSlots = hostSlots;
  optimizer.step = saved.step;
}

/** A fresh OptimizerState for `network` holding a saved state. */
export function optimizerFromSaved(network: Network, saved: SavedOptimizer, where: string, operation: string): OptimizerState {
  const optimizer = new OptimizerState(network, saved.spec);
  restoreOptimizerState(optimizer, saved, where, operation);
  return optimizer;
}
