// backend-js runs the suite from here rather than from its own package: the suite uses
// backend-js (float64) as its reference, and a package cannot depend on its own dependent.
import { createJsBackend } from '@backprop/backend-js';
import { runConformance } from './index.js';

runConformance({ name: 'js float32', create: () => createJsBackend({ precision: 'float32' }), expectEngine: 'float32' });
runConformance({ name: 'js float64', create: () => createJsBackend({ precision: 'float64' }), expectEngine: 'float64' });

// backend-js's primitives alone, with no fused composite and no host path: every composite runs
// on core's reference, which is what a new backend gets before it fuses anything. This holds the
// reference itself to every case (the ±Infinity derivative cases included).
runConformance({
  name: 'js float32, primitives only',
  create: () => {
    const js = createJsBackend({ precision: 'float32' });
    return {
      info: { ...js.info, engine: 'float32-primitives' },
      fromArray: (data, rows, cols) => js.fromArray(data, rows, cols),
      fill: (rows, cols, value) => js.fill(rows, cols, value),
      read: (m) => js.read(m),
      readSync: (m) => js.readSync(m),
      dispose: (m) => js.dispose(m),
      liveHandles: () => js.liveHandles(),
      matmul: (a, b, ta, tb) => js.matmul(a, b, ta, tb),
      unary: (op, a) => js.unary(op, a),
      binary: (op, a, b) => js.binary(op, a, b),
      binaryScalar: (op, a, s) => js.binaryScalar(op, a, s),
      reduce: (op, a, axis) => js.reduce(op, a, axis),
      close: () => js.close(),
    };
  },
  expectEngine: 'float32-primitives',
});
