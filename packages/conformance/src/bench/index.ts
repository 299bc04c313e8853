export { WORKLOADS, workloadData, flopsPerSample, type Workload, type WorkloadName } from './workloads.js';
export { benchmarkTraining, formatTrainingTable, median, type TrainingBenchOptions, type TrainingBenchResult } from './train-bench.js';
