export { BACKENDS, type BackendEntry, type BackendVariant, type ComputesOn, type Platform } from './registry.js';
export { BASELINE, bestChoicePerBackend, choiceLabel, choices, findBackend, findVariant, parseChoice, type BackendChoice, type ChoiceFilter } from './choices.js';
export { BackendUnavailableError, startBackend } from './start.js';
export { defaultLearningRate, hiddenActivations, isRegressionLoss, isRowWiseActivation, optimizerKinds } from './app-rules.js';
