import { describe, expect, it } from 'vitest';
import { readPreprocessing } from './schema.js';

const good = {
  format: 'backprop-preprocessing',
  version: 1,
  task: 'classification',
  normalize: 'standard',
  features: [{ name: 'x', kind: 'numeric', center: 1, scale: 2 }, { name: 'c', kind: 'categorical', categories: ['p', 'q'] }],
  target: { name: 'y', kind: 'classes', classes: ['a', 'b'] },
};

describe('readPreprocessing', () => {
  it('accepts a valid object as it is', () => {
    expect(readPreprocessing(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('names the bad field of a damaged one', () => {
    const cases: [unknown, string][] = [
      [{ ...good, version: 2 }, 'version 2 is not supported; this library reads version 1'],
      [{ ...good, features: [{ name: 'x', kind: 'numeric', center: 1, scale: 0 }] }, 'features[0].scale must be a finite number > 0, got 0'],
      [{ ...good, features: [{ name: 'c', kind: 'categorical', categories: ['p', 'p'] }] }, 'features[0].categories lists "p" twice'],
      [{ ...good, target: { name: 'y', kind: 'classes', classes: ['a'] } }, 'target.classes must be an array of at least 2 strings'],
      [{ ...good, target: { name: 'x', kind: 'classes', classes: ['a', 'b'] } }, 'target column "x" is also a feature'],
      [{ ...good, task: 'regression' }, "a regression target must have kind 'numeric'"],
      ['text', 'expected a preprocessing object, got "text"'],
    ];
    for (const [value, message] of cases) expect(() => readPreprocessing(value)).toThrow(message);
  });
});
