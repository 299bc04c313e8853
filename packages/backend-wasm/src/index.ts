export { createWasmBackend, type WasmBackendOptions } from './create-wasm-backend.js';
export { WasmBackend, type WasmBackendInfo, type WasmMode } from './wasm-backend.js';
export { WasmMatrix } from './wasm-matrix.js';
