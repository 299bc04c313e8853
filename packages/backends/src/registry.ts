/**
 * Every backend, once: the CLI (apps/demo), the playground, browser-conformance (its Node and
 * browser variant lists and its bench) and gpu-check all read this list. Adding a backend is one
 * entry here plus the package as a dependency of this package.
 *
 * Each entry says how to start the backend (`factory({ [option]: variant })`, sync or async) and
 * the facts the apps choose by: where each variant runs, what it computes on, and why a variant
 * is not worth timing. Packages are imported only when one of their variants is started.
 */
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion --
 * `import('name' as string)`: a bundler still sees a literal import (the assertion is erased
 * before it looks) and puts the package in a chunk of its own, while TypeScript does not follow
 * it, so an app that reads this registry does not type-check every backend's sources (and their
 * DOM/WebAssembly typings) too. The factory's result is checked at run time instead. */

/** Where a variant can run. */
export type Platform = 'node' | 'browser';

/**
 * What a variant computes on: the CPU, or a GPU through one API (which may turn out to be a
 * software renderer: gpu-check and the playground say which renderer they got).
 */
export type ComputesOn = 'cpu' | 'headless-gl' | 'webgl' | 'webgpu';

export interface BackendVariant {
  /** The value of the entry's `option`: 'float32', 'headlessgl', 'wasm'. */
  readonly name: string;
  readonly platforms: readonly Platform[];
  readonly computesOn: ComputesOn;
  /**
   * Why timing this variant tells little (a float64 reference mode, a last-resort fallback);
   * absent for a variant someone would deploy for speed. Benches leave these out unless asked.
   */
  readonly notForSpeed?: string;
  /** A native library installed apart from npm that the variant needs (it cannot travel in a copied node_modules). */
  readonly nativeLibrary?: string;
}

export interface BackendEntry {
  /** The name users type: `--backend js`. */
  readonly name: string;
  readonly packageName: string;
  /** The factory the package exports; called as `factory({ [option]: variant, ...extra })`, sync or async. */
  readonly factory: string;
  /** The factory option that picks a variant, also the CLI flag: `--precision`, `--mode`, `--engine`. */
  readonly option: string;
  /** Concrete variants, best known first within each platform. */
  readonly variants: readonly BackendVariant[];
  /** What to pass when the user names no variant ('auto' lets the backend pick). */
  readonly defaultVariant: string;
  /** Imports the package (see the note at the top on `as string`). */
  readonly load: () => Promise<unknown>;
}

const NODE: readonly Platform[] = ['node'];
const BROWSER: readonly Platform[] = ['browser'];
const BOTH: readonly Platform[] = ['node', 'browser'];

export const BACKENDS: readonly BackendEntry[] = [
  {
    name: 'js',
    packageName: '@backprop/backend-js',
    factory: 'createJsBackend',
    option: 'precision',
    variants: [
      { name: 'float32', platforms: BOTH, computesOn: 'cpu' },
      { name: 'float64', platforms: BOTH, computesOn: 'cpu', notForSpeed: 'the float64 reference mode' },
    ],
    defaultVariant: 'float32',
    load: () => import('@backprop/backend-js' as string),
  },
  {
    name: 'gpujs',
    packageName: '@backprop/backend-gpujs',
    factory: 'createGpujsBackend',
    option: 'mode',
    variants: [
      { name: 'headlessgl', platforms: NODE, computesOn: 'headless-gl' },
      { name: 'webgl2', platforms: BROWSER, computesOn: 'webgl' },
      { name: 'webgl', platforms: BROWSER, computesOn: 'webgl' },
      { name: 'webasm', platforms: NODE, computesOn: 'cpu', notForSpeed: "gpu.js's fallback when no GL context exists" },
      { name: 'cpu', platforms: BOTH, computesOn: 'cpu', notForSpeed: "gpu.js's last-resort JavaScript fallback" },
    ],
    defaultVariant: 'auto',
    load: () => import('@backprop/backend-gpujs' as string),
  },
  {
    name: 'tfjs',
    packageName: '@backprop/backend-tfjs',
    factory: 'createTfjsBackend',
    option: 'engine',
    variants: [
      { name: 'tensorflow', platforms: NODE, computesOn: 'cpu', nativeLibrary: 'libtensorflow (through @tensorflow/tfjs-node)' },
      { name: 'webgpu', platforms: BROWSER, computesOn: 'webgpu' },
      { name: 'webgl', platforms: BROWSER, computesOn: 'webgl' },
      { name: 'wasm', platforms: BOTH, computesOn: 'cpu' },
      { name: 'cpu', platforms: BOTH, computesOn: 'cpu', notForSpeed: "tfjs's plain JavaScript engine" },
    ],
    defaultVariant: 'auto',
    load: () => import('@backprop/backend-tfjs' as string),
  },
  {
    name: 'wasm',
    packageName: '@backprop/backend-wasm',
    factory: 'createWasmBackend',
    option: 'mode',
    variants: [
      { name: 'threads', platforms: BOTH, computesOn: 'cpu' },
      { name: 'single', platforms: BOTH, computesOn: 'cpu' },
    ],
    defaultVariant: 'auto',
    load: () => import('@backprop/backend-wasm' as string),
  },
  {
    name: 'webgpu',
    packageName: '@backprop/backend-webgpu',
    factory: 'createWebgpuBackend',
    option: 'adapter',
    variants: [
      // In Node, Dawn needs the Vulkan loader (libvulkan1) and a driver; gpu-carry.sh carries both to the GPU machine.
      { name: 'gpu', platforms: BOTH, computesOn: 'webgpu' },
      { name: 'software', platforms: BOTH, computesOn: 'webgpu', notForSpeed: 'a software renderer (SwiftShader, llvmpipe): the CPU pretending to be a GPU' },
    ],
    defaultVariant: 'auto',
    load: () => import('@backprop/backend-webgpu' as string),
  },
];
