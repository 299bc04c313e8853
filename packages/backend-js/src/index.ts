export { createJsBackend, JsBackend, type JsBackendInfo, type JsBackendOptions } from './js-backend.js';
export { JsMatrix } from './js-matrix.js';
