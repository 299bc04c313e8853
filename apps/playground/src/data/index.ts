/** Every dataset by name. */
import { circlesDataset } from './circles.js';
import { DATASET_NAMES, type Dataset, type DatasetName } from './dataset.js';
import { digitsDataset } from './digits.js';
import { gaussiansDataset } from './gaussians.js';
import { spiralsDataset } from './spirals.js';
import { xorDataset } from './xor.js';

export { DATASET_NAMES, oneHot, type Dataset, type DatasetName, type OptimizerKind, type Samples } from './dataset.js';

const LOADERS: Record<DatasetName, () => Dataset | Promise<Dataset>> = {
  spirals: spiralsDataset,
  circles: circlesDataset,
  xor: xorDataset,
  gaussians: gaussiansDataset,
  digits: digitsDataset,
};

export function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === 'string' && (DATASET_NAMES as readonly string[]).includes(name);
}

export async function loadDataset(name: DatasetName): Promise<Dataset> {
  return LOADERS[name]();
}
