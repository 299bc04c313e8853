export { runConformance, reportPath, type ConformanceOptions } from './run-conformance.js';
export { TOLERANCES, TRANSCENDENTAL_SLACK, type Tolerance } from './tolerances.js';
export { compareArrays, type Comparison } from './compare.js';
export type { CaseResult, CaseStatus, ConformanceReport } from './report.js';
