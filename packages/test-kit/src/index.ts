export { asFloat32, BINARY_F64, binary64, broadcastAt, dense, map64, matmul64, reduce64, transpose64, UNARY_F64, unary64, type Dense } from './float64.js';
export { seededMatrix, seededValues } from './random.js';
export { COMPOSED, EXACT, FLOAT32_ACCUMULATED, scaled, TOLERANCES, TRANSCENDENTAL_SLACK, type PrecisionTolerance, type Tolerance } from './tolerances.js';
export { compareArrays, expectClose, Mismatch, type Comparison } from './compare.js';
export { createReferenceBackend, type ReferenceBackendOptions } from './reference-backend.js';
