/** The browser variants' labels, without loading any backend (the Node runner lists them). */
export const BROWSER_VARIANT_NAMES: readonly string[] = ['js/float32', 'gpujs/webgl2', 'gpujs/webgl', 'tfjs/webgpu', 'tfjs/webgl', 'tfjs/wasm', 'tfjs/cpu', 'wasm/threads', 'wasm/single'];
