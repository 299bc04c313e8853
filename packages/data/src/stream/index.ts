export { fileSize, streamFormatOf, streamTable, type TableStreamOptions } from './table-stream.js';
export { fitPreprocessorStreaming, StreamingPreprocessorFit } from './stream-fit.js';
export { checkHeldOutSplit, isHeldOut, partOf, type HeldOutSplit } from './held-out.js';
export { dropColumnsFor, fileDataset, streamedRows, type FileDatasetOptions, type StreamedRowsOptions } from './file-dataset.js';
