import { expect, test } from 'vitest';
import { accuracyOf, confusionMatrix, predictedClasses } from './confusion.js';

test('classes are the argmax of each row', () => {
  expect(Array.from(predictedClasses([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], 2, 3))).toEqual([1, 0]);
});

test('accuracy and the confusion matrix count the same predictions', () => {
  const predicted = Uint8Array.from([0, 1, 1, 2, 2, 0]);
  const labels = Uint8Array.from([0, 1, 2, 2, 2, 1]);
  expect(accuracyOf(predicted, labels)).toBeCloseTo(4 / 6);
  // rows true, columns predicted
  expect(Array.from(confusionMatrix(predicted, labels, 3))).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 2]);
  expect(() => accuracyOf(predicted, labels.subarray(1))).toThrow('accuracyOf: 6 predictions for 5 labels');
});
