export * from './backend.js';
export * from './errors.js';
export { Ops, backendShapeProblems } from './ops.js';
export { HandleTable } from './handles.js';
export { referenceOps } from './reference-ops.js';
export { Random } from './random.js';
export type { Initializer } from './initializers.js';
export { toDataMatrix, type DataInput, type DataMatrix } from './data.js';
export {
  Network,
  createNetwork,
  networkFromWeights,
  type DenseLayer,
  type ForwardTrace,
  type Gradients,
  type LayerSpec,
  type LayerWeights,
  type NetworkSpec,
  type ResolvedNetworkSpec,
} from './network.js';
export { OptimizerState, adam, createOptimizer, momentum, sgd, resolveOptimizer, type OptimizerSpec, type ResolvedOptimizer } from './optimizers.js';
export { fit, trainStep, type BatchEndInfo, type EarlyStopping, type EpochEndInfo, type EpochRecord, type FitCallbacks, type FitOptions, type History } from './fit.js';
export { accuracy, accuracyRuleOf, evaluate, type AccuracyRule, type EvaluateOptions, type Evaluation } from './evaluate.js';
export { HOST_PATH_MAX_PARAMETERS } from './host-step.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFromJSON, modelToJSON, modelToObject, parseModel, type SavedModel } from './model-format.js';
export { gradientCheck, relativeError, type GradientCheckEntry, type GradientCheckOptions, type GradientCheckResult } from './gradient-check.js';
