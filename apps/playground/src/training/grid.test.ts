import { expect, test } from 'vitest';
import { gridPoints } from './grid.js';

test('cell centres row by row from the top-left, y falling down the rows', () => {
  expect(Array.from(gridPoints(1, 2))).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  expect(gridPoints(1.2).length).toBe(48 * 48 * 2);
});
