/**
 * The demo as a library: choose the fastest correct backend for a network on this machine
 * (`chooseBackend`), start any registered backend by name, and the datasets the CLI trains on.
 */
export { chooseBackend, LOSS_TOLERANCE, type BackendDecision, type CandidateMeasurement, type ChooseBackendOptions } from './auto/choose-backend.js';
export { BACKENDS, BackendUnavailableError, allChoices, closeBackend, createBackend, type BackendChoice, type BackendEntry } from './backends.js';
export { DATASETS, DATASET_NAMES, loadDataset, type Dataset, type Split } from './datasets/index.js';
export { describeMachine, defaultCacheDir, type MachineDescription } from './machine.js';
