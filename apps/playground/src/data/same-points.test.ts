// The toy sets moved to @backprop/data; this pins that the playground's xor points did not
// change (saved models and downloaded points stay valid): the figures below were computed from
// the playground's own generator before the move. (Spirals are pinned against the CLI's in
// datasets.test.ts.)
import { expect, test } from 'vitest';
import { loadDataset } from './index.js';

test('xor over the plane: the same 400 points as before the move', async () => {
  const d = await loadDataset('xor');
  expect(d.train.rows).toBe(400);
  expect(Array.from(d.train.x.slice(0, 4))).toEqual([-0.5998371527297423, -0.7144254300510511, -0.4046509447274729, -0.5264348506694659]);
  let weighted = 0;
  d.train.x.forEach((v, i) => (weighted += v * (i + 1)));
  let labels = 0;
  d.train.labels.forEach((v, i) => (labels += v * (i + 1)));
  expect(weighted).toBe(1112.432122890396);
  expect(labels).toBe(36682);
});
