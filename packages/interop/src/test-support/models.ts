/**
 * Models for the interop tests, trained for real (a few epochs, seeded) on the backend under
 * test so that weights are not their initial values, and the predictions backprop gives for them.
 */
import { createJsBackend } from '@backprop/backend-js';
import { createWasmBackend } from '@backprop/backend-wasm';
import { adam, createNetwork, fit, Random, type Activation, type Backend, type Loss, type Network } from '@backprop/core';
import { Preprocessor, type Table } from '@backprop/data';

export type BackendName = 'js' | 'wasm';

export async function makeBackend(name: BackendName): Promise<Backend> {
  return name === 'js' ? createJsBackend() : createWasmBackend({ mode: 'single' });
}

/** Seeded inputs in [−2, 2). */
export function randomRows(rows: number, cols: number, seed: number): number[][] {
  const r = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.next() * 4 - 2));
}

/** A 3-in network, hidden `activation` (6 and 5 units), and `loss`'s output layer; trained 5 epochs. */
export async function trainedNetwork(backend: Backend, activation: Activation, loss: Loss, seed = 1, alpha = 0.2): Promise<Network> {
  const outputs = loss === 'mse' ? 2 : loss === 'softmaxCrossEntropy' ? 3 : 1;
  const output: Activation = loss === 'mse' ? 'linear' : loss === 'softmaxCrossEntropy' ? 'softmax' : 'sigmoid';
  const net = createNetwork(backend, {
    inputSize: 3,
    layers: [
      { units: 6, activation, alpha },
      { units: 5, activation, alpha },
      { units: outputs, activation: output },
    ],
    loss,
    seed,
  });
  const x = randomRows(40, 3, seed + 10);
  const y = x.map((row) => {
    const s = row[0]! - 0.5 * row[1]! + row[2]! * row[2]!;
    if (loss === 'mse') return [Math.sin(s), s / 4];
    if (loss === 'sigmoidBinaryCrossEntropy') return [s > 1 ? 1 : 0];
    const k = s < 0 ? 0 : s < 2 ? 1 : 2;
    return [0, 1, 2].map((c) => (c === k ? 1 : 0));
  });
  await fit(net, x, y, { epochs: 5, batchSize: 8, seed, optimizer: adam(0.05) });
  return net;
}

/** Column names and categories that try to break out of strings in generated code and of tensor names. */
export const HOSTILE_NAMES = {
  numeric: 'petal "length", `cm` ${x} */',
  other: "width'\n</script><script>alert(1)</script>",
  category: 'size\\ \u2028 /* x */',
  categories: ['small "s"', '`${globalThis.pwned = 1}`', "it's </script>", 'a\nb'],
  target: 'kind */ ${y}',
  classes: ['se"tosa', '`ver${1}`', "vir'gin\u2029ica </script>"],
};

/** The same shape with plain names: generated code must differ from the hostile one only inside literals. */
export const PLAIN_NAMES: typeof HOSTILE_NAMES = {
  numeric: 'a',
  other: 'b',
  category: 'c',
  categories: ['p', 'q', 'r', 's'],
  target: 't',
  classes: ['x', 'y', 'z'],
};

/** A table of 48 rows with two numeric columns and one categorical, and a target, named by `n` (hostile by default). */
export function hostileTable(task: 'classification' | 'regression', seed = 3, n: typeof HOSTILE_NAMES = HOSTILE_NAMES): Table {
  const r = new Random(seed);
  const rows = Array.from({ length: 48 }, (_, i) => {
    const a = 4 + r.next() * 3;
    const b = 2 + r.next() * 2;
    const cat = n.categories[i % n.categories.length]!;
    const score = a - b + n.categories.indexOf(cat) * 0.7;
    const target = task === 'classification' ? n.classes[score < 2.5 ? 0 : score < 4 ? 1 : 2]! : String(score * 10 + 3);
    return { [n.numeric]: String(a), [n.other]: String(b), [n.category]: cat, [n.target]: target };
  });
  return { columns: [n.numeric, n.other, n.category, n.target], rows, source: 'hostile.csv' };
}

/** A network trained on `table` through its preprocessing, and that preprocessing. */
export async function trainedOnTable(backend: Backend, table: Table, task: 'classification' | 'regression', normalize: 'standard' | 'minmax' = 'standard', missing?: 'mean' | 'median' | 'mode'): Promise<{ network: Network; pre: Preprocessor }> {
  const pre = Preprocessor.fit(table, { target: table.columns.at(-1)!, task, normalize, ...(missing ? { missing } : {}) });
  const x = pre.transform(table);
  const y = pre.transformTarget(table);
  const network = createNetwork(backend, {
    inputSize: pre.inputSize,
    layers: [{ units: 8, activation: 'tanh' }, { units: pre.outputSize, activation: task === 'classification' ? 'softmax' : 'linear' }],
    loss: task === 'classification' ? 'softmaxCrossEntropy' : 'mse',
    seed: 2,
  });
  await fit(network, { data: x.data, rows: x.rows, cols: x.cols }, { data: y.data, rows: y.rows, cols: y.cols }, { epochs: 20, batchSize: 8, seed: 2, optimizer: adam(0.05) });
  return { network, pre };
}

/** Largest |a − b| over two equally long lists. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** `table` with every 5th row's numeric cell and every 7th row's categorical cell emptied. */
export function withEmptyCells(table: Table, n: typeof HOSTILE_NAMES = HOSTILE_NAMES): Table {
  const rows = table.rows.map((r, i) => ({ ...r, ...(i % 5 === 1 ? { [n.numeric]: ' ' } : {}), ...(i % 7 === 2 ? { [n.category]: '' } : {}) }));
  return { ...table, rows };
}
