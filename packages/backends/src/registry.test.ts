import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATION_DEFINITIONS, LOSS_DEFINITIONS, OPTIMIZER_KINDS } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { BACKENDS, BASELINE, BackendUnavailableError, bestChoicePerBackend, choices, defaultLearningRate, findVariant, hiddenActivations, isRegressionLoss, isRowWiseActivation, parseChoice, startBackend } from './index.js';
import { backendPackageDir } from './node.js';

const ownPackage = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

describe('the registry', () => {
  it('names each backend and variant once, with a default that is a variant or auto, and depends on each package', () => {
    expect(new Set(BACKENDS.map((b) => b.name)).size).toBe(BACKENDS.length);
    for (const b of BACKENDS) {
      expect(new Set(b.variants.map((v) => v.name)).size, b.name).toBe(b.variants.length);
      expect([...b.variants.map((v) => v.name), 'auto'], b.name).toContain(b.defaultVariant);
      for (const v of b.variants) expect(v.platforms.length, `${b.name}/${v.name}`).toBeGreaterThan(0);
      expect(ownPackage.dependencies[b.packageName], `${b.packageName} in package.json`).toBe('workspace:*');
    }
    expect(findVariant(BASELINE)).toBeDefined();
  });

  it('answers the lists the apps used to keep by hand (for the four backends they knew)', () => {
    // A backend added later joins these lists by its entry alone; this pins only the old ones.
    const known = new Set(['js', 'gpujs', 'tfjs', 'wasm']);
    const labels = (list: { backend: string; variant: string }[]) => list.filter((c) => known.has(c.backend)).map((c) => `${c.backend}/${c.variant}`);
    // gpu-check: one portable speed contender per backend on Node.
    expect(labels(bestChoicePerBackend({ platform: 'node', forSpeed: true, portable: true }))).toEqual(['js/float32', 'gpujs/headlessgl', 'tfjs/wasm', 'wasm/threads']);
    // The playground: every variant a browser runs.
    expect(labels(choices({ platform: 'browser' }))).toEqual(['js/float32', 'js/float64', 'gpujs/webgl2', 'gpujs/webgl', 'gpujs/cpu', 'tfjs/webgpu', 'tfjs/webgl', 'tfjs/wasm', 'tfjs/cpu', 'wasm/threads', 'wasm/single']);
    expect(labels(choices({ platform: 'node', forSpeed: true }))).toEqual(['js/float32', 'gpujs/headlessgl', 'tfjs/tensorflow', 'tfjs/wasm', 'wasm/threads', 'wasm/single']);
    expect(parseChoice('tfjs')).toEqual({ backend: 'tfjs', variant: 'auto' });
    expect(parseChoice('nope/x')).toBeUndefined();
  });
});

describe('startBackend', () => {
  it('starts a variant through its package and factory, passing extra options beside the variant', async () => {
    const backend = await startBackend({ backend: 'js', variant: 'float64' }, { threads: 1 });
    try {
      expect(backend.info).toMatchObject({ name: 'js', precision: 'float64' });
      const m = backend.fromArray([1, 2], 1, 2);
      expect(Array.from(await backend.read(m))).toEqual([1, 2]);
      backend.dispose(m);
    } finally {
      backend.close?.();
    }
  });

  it('turns every failure into BackendUnavailableError with the reason', async () => {
    await expect(startBackend({ backend: 'nope', variant: 'x' })).rejects.toThrow(/unknown backend 'nope': known are js, gpujs/);
    const error = await startBackend({ backend: 'js', variant: 'float16' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).reason).toMatch(/float16/);
    expect((error as BackendUnavailableError).entry?.packageName).toBe('@backprop/backend-js');
  });
});

describe('backendPackageDir', () => {
  it('finds each backend package on disk', () => {
    for (const b of BACKENDS) expect(existsSync(join(backendPackageDir(b.name), 'package.json')), b.name).toBe(true);
    expect(() => backendPackageDir('nope')).toThrow("unknown backend 'nope'");
  });
});

describe('app rules read from core', () => {
  it('row-wise activations are softmax alone today, and never offered for hidden layers', () => {
    const rowWise = (Object.keys(ACTIVATION_DEFINITIONS) as (keyof typeof ACTIVATION_DEFINITIONS)[]).filter(isRowWiseActivation);
    expect(rowWise).toEqual(['softmax']);
    expect(hiddenActivations()).not.toContain('softmax');
    expect(hiddenActivations()).toContain('relu');
  });

  it('a loss with no accuracy rule is a regression', () => {
    expect(isRegressionLoss('mse')).toBe(true);
    expect(isRegressionLoss('softmaxCrossEntropy')).toBe(false);
    expect(Object.keys(LOSS_DEFINITIONS).filter((l) => isRegressionLoss(l as keyof typeof LOSS_DEFINITIONS))).toEqual(['mse']);
  });

  it("each optimizer's default learning rate is its rule's", () => {
    for (const kind of OPTIMIZER_KINDS) expect(defaultLearningRate(kind)).toBeGreaterThan(0);
    expect(defaultLearningRate('sgd')).toBeGreaterThan(defaultLearningRate('adam'));
  });
});
