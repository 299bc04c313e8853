/**
 * The float64 test backend with host storage (Backend.hostArray), so that core's tests reach the
 * fused host path as well as the per-operation path. Not exported from the package.
 */
import type { Backend, Matrix } from '../backend.js';
import { createFloat64Backend } from './float64-backend.js';

/** createFloat64Backend's handles are the matrices themselves, with their values in `data`. */
export function createHostStorageBackend(): Backend {
  const backend = createFloat64Backend();
  return {
    ...backend,
    info: { ...backend.info, name: 'float64-test-host' },
    hostArray: (m: Matrix): Float64Array => {
      backend.readSync!(m); // refuses a disposed or foreign handle, as a real backend does
      return (m as unknown as { readonly data: Float64Array }).data;
    },
  };
}
