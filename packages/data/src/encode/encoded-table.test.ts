import { describe, expect, it } from 'vitest';
import type { Batch } from '@backprop/core';
import { Preprocessor } from '../preprocessor.js';
import { parseCsv } from '../read-table.js';

const csv = ['size,colour,town,label', ...Array.from({ length: 103 }, (_, i) => `${(i * 1.7) % 13},${['red', 'green', 'blue'][i % 3]},t${i % 7},${i % 5 === 0 ? 'rare' : i % 2 ? 'odd' : 'even'}`)].join('\n');

async function collect(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe('EncodedTable', () => {
  const table = parseCsv(csv, { source: 'e.csv' });
  const prep = Preprocessor.fit(table, { target: 'label' });

  it('holds a byte per categorical cell and makes the same dense matrices as transform', () => {
    const encoded = prep.encode(table);
    expect(encoded.inputSize).toBe(prep.inputSize);
    expect(encoded.outputSize).toBe(3);
    const categorical = encoded.features.filter((f) => f.kind === 'categorical');
    expect(categorical.map((f) => f.kind === 'categorical' && f.inputs.BYTES_PER_ELEMENT)).toEqual([1, 1]);
    expect(encoded.inputs()).toEqual({ data: prep.transform(table).data, rows: 103, cols: prep.inputSize });
    expect(encoded.targets()).toEqual(prep.transformTarget(table));
    const dense = prep.transform(table).data;
    const rowOf = (r: number): number[] => [...dense.subarray(r * prep.inputSize, (r + 1) * prep.inputSize)];
    expect([...encoded.inputs([5, 0]).data]).toEqual([...rowOf(5), ...rowOf(0)]);
  });

  it('gives batches of every row once per epoch, in table order or a seeded order that changes by epoch and repeats for the same epoch', async () => {
    const encoded = prep.encode(table);
    const x = prep.transform(table);
    const inOrder = await collect(encoded.dataset({ batchSize: 10 }).batches(1));
    expect(inOrder.map((b) => b.x.rows)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(Float64Array.from(inOrder.flatMap((b) => [...b.x.data]))).toEqual(x.data);

    const shuffled = encoded.dataset({ batchSize: 16, seed: 9 });
    const rowKey = (data: ArrayLike<number>, r: number, cols: number): string => Array.from({ length: cols }, (_, c) => data[r * cols + c]).join(',');
    const keys = (batches: Batch[]): string[] => batches.flatMap((b) => Array.from({ length: b.x.rows }, (_, r) => rowKey(b.x.data, r, b.x.cols) + '|' + rowKey(b.y.data, r, b.y.cols)));
    const epoch1 = keys(await collect(shuffled.batches(1)));
    expect(keys(await collect(shuffled.batches(1)))).toEqual(epoch1);
    const epoch2 = keys(await collect(shuffled.batches(2)));
    expect(epoch2).not.toEqual(epoch1);
    const y = prep.transformTarget(table);
    const all = Array.from({ length: 103 }, (_, r) => rowKey(x.data, r, x.cols) + '|' + rowKey(y.data, r, y.cols)).sort();
    expect([...epoch1].sort()).toEqual(all);
    expect([...epoch2].sort()).toEqual(all);

    const some = await collect(encoded.dataset({ batchSize: 100, rows: [7, 3] }).batches(1));
    expect(some[0]!.x.data).toEqual(encoded.inputs([7, 3]).data);
  });

  it('refuses a dataset without a target or with a bad batch size, and rows it does not have', () => {
    const unlabelled = parseCsv('size,colour,town\n3,red,t1\n', { source: 'new.csv' });
    const encoded = prep.encode(unlabelled);
    expect(encoded.target).toBeUndefined();
    expect(() => encoded.dataset({ batchSize: 4 })).toThrow('encodedDataset: this table was encoded without its target column');
    expect(() => prep.encode(table).dataset({ batchSize: 0 })).toThrow('encodedDataset: batchSize must be a positive integer, got 0');
    expect(() => prep.encode(table).dataset({ batchSize: 2, rows: [103] })).toThrow('encodedDataset: row 103 is not a row of this table (103 rows)');
  });
});
