// backend-js runs the suite from here rather than from its own package: the suite uses
// backend-js (float64) as its reference, and a package cannot depend on its own dependent.
import { createJsBackend } from '@backprop/backend-js';
import { runConformance } from './index.js';

runConformance({ name: 'js float32', create: () => createJsBackend({ precision: 'float32' }), expectEngine: 'float32' });
runConformance({ name: 'js float64', create: () => createJsBackend({ precision: 'float64' }), expectEngine: 'float64' });
