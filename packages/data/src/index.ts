export { DataError, type DataLocation } from './errors.js';
export { categoryOf, isMissing, locate, locationText, numberOf, rowCount, type Cell, type Table, type TableRow } from './table.js';
export { cellAt, columnOf, type ColumnData, type DictionaryColumn, type ValueColumn } from './columns/column-data.js';
export { ColumnTable } from './columns/column-table.js';
export { MAX_DICTIONARY } from './columns/column-builder.js';
export { EncodedTable, type EncodedDatasetOptions, type EncodedFeature, type EncodedTarget } from './encode/encoded-table.js';
export { inferColumnKind, inferTask, kindFromScan, MAX_INTEGER_CLASSES, missingError, scanColumn, type ColumnKind, type ColumnScan } from './infer.js';
export { dropIncomplete, type DroppedRows } from './missing.js';
export { permuteRows, pickRows, splitIndices, splitTable, type IndexSplit, type IndexSplitOptions, type SplitOptions, type TableSplit } from './split.js';
export {
  MISSING_POLICIES,
  NORMALIZATIONS,
  PREPROCESSING_FORMAT,
  PREPROCESSING_VERSION,
  readPreprocessing,
  TASKS,
  type CategoricalFeature,
  type ClassTarget,
  type FeatureSpec,
  type MissingPolicy,
  type Normalization,
  type NumericFeature,
  type NumericTarget,
  type PreprocessingJSON,
  type Task,
} from './schema.js';
export {
  MAX_CATEGORIES,
  Preprocessor,
  type ClassPrediction,
  type FitOptions,
  type Matrix,
  type TransformOptions,
  type ValuePrediction,
} from './preprocessor.js';
export { argmaxRows, classificationMetrics, regressionMetrics, type ClassificationMetrics, type ClassMetrics, type RegressionMetrics } from './metrics.js';
export { DEFAULT_EVALUATE_BATCH, evaluateTable, outputMetrics, type ClassificationOutcome, type EvaluateTableOptions, type OutputMetrics, type RegressionOutcome, type TableEvaluation } from './evaluate.js';
export { oneHotLabels, spiralPoints, xorCorners, xorPlane, type SpiralOptions, type ToyPoints, type XorPlaneOptions } from './toy/index.js';
export { DISTINCT_LIMIT, HIGH_CARDINALITY, IMBALANCE_RATIO, inspectTable, type ColumnProfile, type InspectOptions, type TableInspection, type TableWarning, type WarningKind } from './inspect.js';
export { fromDecimalComma } from './decimal-comma.js';
export { checkHeldOutSplit, isHeldOut, partOf, type HeldOutSplit } from './stream/held-out.js';
export { fitPreprocessorStreaming, StreamingPreprocessorFit } from './stream/stream-fit.js';
