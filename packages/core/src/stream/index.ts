export { isDataset, matrixDataset, type Batch, type Dataset } from './dataset.js';
export { fitDataset, type DatasetBatchInfo, type DatasetFitOptions } from './fit-dataset.js';
export { shuffled, type ShuffleOptions } from './shuffle-buffer.js';
