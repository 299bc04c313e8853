export { DataError, type DataLocation } from './errors.js';
export { categoryOf, isMissing, locate, locationText, numberOf, type Cell, type Table, type TableRow } from './table.js';
export { inferColumnKind, inferTask, MAX_INTEGER_CLASSES, type ColumnKind } from './infer.js';
export { pickRows, splitTable, type SplitOptions, type TableSplit } from './split.js';
export {
  NORMALIZATIONS,
  PREPROCESSING_FORMAT,
  PREPROCESSING_VERSION,
  readPreprocessing,
  TASKS,
  type CategoricalFeature,
  type ClassTarget,
  type FeatureSpec,
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
