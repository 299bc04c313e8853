export * from './backend.js';
export * from './errors.js';
export { Ops } from './ops.js';
export { referenceOps } from './reference-ops.js';
