/** The datasets `--dataset` accepts, by name. */
import { usageError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { irisDataset } from './iris.js';
import { mnistDataset } from './mnist.js';
import { seedDataset } from './seed.js';
import { sineDataset } from './sine.js';
import { spiralsDataset } from './spirals.js';
import { xorDataset } from './xor.js';

export const DATASETS: Readonly<Record<string, () => Dataset>> = {
  seed: seedDataset,
  xor: xorDataset,
  sine: sineDataset,
  spirals: spiralsDataset,
  mnist: mnistDataset,
  iris: irisDataset,
};

export const DATASET_NAMES = Object.keys(DATASETS);

export function loadDataset(name: string): Dataset {
  const make = DATASETS[name];
  if (!make) throw usageError(`unknown dataset '${name}'`, `choose one of ${DATASET_NAMES.join(', ')}`);
  return make();
}

export type { Dataset, Split, Task, TrainingDefaults } from './dataset.js';
