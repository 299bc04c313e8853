export { createTfjsBackend, type TfjsBackendOptions } from './create-tfjs-backend.js';
export { TfjsBackend } from './tfjs-backend.js';
export { TFJS_AUTO_ORDER, TFJS_ENGINES, loadNativeEngine, type TfjsEngine, type TfjsEngineChoice } from './engines.js';
export { MATMUL_STRATEGY, type MatmulStrategy } from './matmul-strategy.js';
