export * from './backend.js';
export * from './errors.js';
export { Ops, backendShapeProblems } from './ops.js';
export { HandleTable } from './handles.js';
export { programComposites, referenceOps, type ProgramRunner } from './reference-ops.js';
export * from './expr/index.js';
export { activationBackwardProgram, activationForwardProgram, allPrograms, lossValueProgram, outputErrorProgram, updateProgram, UPDATE_PARAMS } from './programs.js';
export { assertNever } from './assert-never.js';
export { ACTIVATION_DEFINITIONS, activationDefinition, type ActivationDefinition } from './activations/index.js';
export { LOSS_DEFINITIONS, lossAccepts, lossDefinition, pairedOutputActivation, type LossDefinition } from './losses/index.js';
export { OPTIMIZER_KINDS, UPDATE_RULES, updateRule, type OptimizerKind, type UpdateKernel, type UpdateRule } from './update-rules/index.js';
export { activationProblem, alphaProblem, dropoutProblem, isActivation, isLoss, lossProblem, pairingProblem, resolveNetworkSpec, type ResolvedLayer, type SpecCheck } from './spec-rules.js';
export { DropoutMasks } from './dropout.js';
export { learningRateAt, type LearningRateSchedule } from './schedules.js';
export type { Clipping } from './clipping.js';
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
export { OptimizerState, adam, adamw, createOptimizer, momentum, sgd, resolveOptimizer, type OptimizerSpec, type ResolvedOptimizer } from './optimizers.js';
export { fit, trainStep, type StepExtras, type BatchEndInfo, type EarlyStopping, type EpochEndInfo, type EpochRecord, type FitCallbacks, type FitOptions, type History } from './fit.js';
export { fitDataset, isDataset, matrixDataset, shuffled, type Batch, type Dataset, type DatasetBatchInfo, type DatasetFitOptions, type ShuffleOptions } from './stream/index.js';
export { CheckpointFormatError, CheckpointMismatchError, type CheckpointDifference } from './checkpoint/checkpoint-errors.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION } from './checkpoint/checkpoint-format.js';
export type { CheckpointOptions } from './checkpoint/checkpointer.js';
export { accuracy, accuracyRuleOf, evaluate, type AccuracyRule, type EvaluateOptions, type Evaluation } from './evaluate.js';
export { HOST_PATH_MAX_PARAMETERS } from './host-step.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_FORMAT_VERSIONS_READ, modelFromJSON, modelToJSON, modelToObject, parseModel, type SavedModel, type SaveOptions } from './model-format.js';
export { gradientCheck, relativeError, type GradientCheckEntry, type GradientCheckOptions, type GradientCheckResult } from './gradient-check.js';
