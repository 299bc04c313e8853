/** Runs an exported ONNX file in onnxruntime-node (its CPU execution provider) and reads the outputs back. */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Table } from '@backprop/data';

export interface OrtOutputs {
  readonly [name: string]: { data: readonly (number | string)[]; dims: readonly number[] };
}

async function run(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<OrtOutputs> {
  const session = await InferenceSession.create(bytes);
  try {
    const result = await session.run(feeds);
    const out: Record<string, { data: (number | string)[]; dims: number[] }> = {};
    for (const [name, t] of Object.entries(result)) out[name] = { data: Array.from(t.data as ArrayLike<number | string>), dims: [...t.dims] };
    return out;
  } finally {
    await session.release();
  }
}

/** A model without preprocessing: `input` float32 [rows, cols]. */
export function runPlain(bytes: Uint8Array, rows: readonly (readonly number[])[]): Promise<OrtOutputs> {
  const cols = rows[0]!.length;
  return run(bytes, { input: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, cols]) });
}

/**
 * A model with preprocessing: one input per column, numeric columns as float64 [N, 1] and
 * categorical ones as string [N, 1] (trimmed), fed in `order` (any order: ONNX feeds are by name);
 * an empty numeric cell is fed as NaN, an empty categorical one as ''.
 */
export function runTable(bytes: Uint8Array, table: Table, kinds: Readonly<Record<string, 'numeric' | 'categorical'>>, order: readonly string[]): Promise<OrtOutputs> {
  const feeds: Record<string, Tensor> = {};
  for (const column of order) {
    const cells = table.rows.map((r) => r[column]);
    feeds[column] =
      kinds[column] === 'numeric'
        ? new Tensor('float64', Float64Array.from(cells.map((c) => (c === null || c === undefined || String(c).trim() === '' ? NaN : Number(c)))), [cells.length, 1])
        : new Tensor('string', cells.map((c) => String(c).trim()), [cells.length, 1]);
  }
  return run(bytes, feeds);
}
