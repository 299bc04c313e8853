/**
 * runConformance: registers the whole suite for one backend in the calling vitest file.
 *
 *   // my-backend/src/conformance.test.ts
 *   import { runConformance } from '@backprop/conformance';
 *   runConformance({ name: 'mine', create: () => createMyBackend(), expectEngine: 'fast' });
 *
 * The reference is test-kit's reference backend (plain loops, nothing fused): in float64 for
 * every value check, and at the precision the backend under test declares for the training
 * comparisons ("the same weights after K steps"). So the suite depends on core and test-kit
 * only: installing it installs no backend. A JSON report is written when the suite ends
 * (conformance-report-<name>.json in the working directory, or `reportFile`).
 */
import { backendShapeProblems, COMPOSITE_OPS, Ops, type Backend } from '@backprop/core';
import { createReferenceBackend } from '@backprop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleCases } from './cases/article.js';
import { compositeCases } from './cases/composites.js';
import { divergenceSweepCases } from './cases/divergence-sweep.js';
import { errorCases } from './cases/errors.js';
import { gradientCases } from './cases/gradients.js';
import { memoryCases } from './cases/memory.js';
import { portabilityCases } from './cases/portability.js';
import { primitiveCases } from './cases/primitives.js';
import { robustnessCases } from './cases/robustness.js';
import { trainingCases } from './cases/training.js';
import { trainingFeatureCases, trainingFeatureErrorCases } from './cases/training-features.js';
import { SuiteContext, type SuiteState } from './context.js';
import { Recorder } from './report.js';
import type { Tolerance } from './tolerances.js';

export interface ConformanceOptions {
  /** Label for test names and the report file, e.g. 'gpujs headlessgl'. */
  readonly name: string;
  /** Makes the backend under test (sync or async). */
  readonly create: () => Backend | Promise<Backend>;
  /** When set, the suite fails unless info.engine equals it: proves the run used the engine it claims. */
  readonly expectEngine?: string;
  /** Cases to skip, each with its reason (shown in the test name and the report). */
  readonly skip?: Readonly<Record<string, string>>;
  /** When set, the backend cannot run here: every case is registered as skipped with this reason. */
  readonly unavailable?: string;
  /** Overrides parts of the tolerance preset chosen by the backend's declared precision. */
  readonly tolerance?: Partial<Tolerance>;
  /** Where to write the JSON report. */
  readonly reportFile?: string;
  /**
   * Multiplies every case's time limit (default 1: 120 s for most). For a backend that is slow by
   * construction here, e.g. WebGPU primitives alone on a software adapter, one dispatch per op.
   */
  readonly timeoutScale?: number;
}

export function reportPath(name: string): string {
  return `conformance-report-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`;
}

export function runConformance(options: ConformanceOptions): void {
  const recorder = new Recorder(options.name);
  const state: SuiteState = {};
  let js: Ops | undefined;
  const unavailable = options.unavailable;
  const ctx = new SuiteContext(state, recorder, (name) => unavailable ?? options.skip?.[name], options.tolerance, options.timeoutScale);

  describe(`conformance: ${options.name}`, () => {
    beforeAll(async () => {
      if (unavailable !== undefined) return;
      const created: unknown = await options.create();
      state.shapeProblems = backendShapeProblems(created);
      if (state.shapeProblems.length > 0) return;
      state.backend = created as Backend;
      state.ops = new Ops(state.backend);
      state.reference = new Ops(createReferenceBackend({ precision: 'float64' }));
      // Training comparisons run the reference at the precision the backend under test declares.
      js = new Ops(createReferenceBackend({ precision: state.backend.info.precision }));
      recorder.info = state.backend.info;
      recorder.overrides = state.ops.overrides();
      recorder.fusedKinds = state.backend.fusedKinds;
    });

    afterAll(async () => {
      state.backend?.close?.();
      state.reference?.backend.close?.();
      js?.backend.close?.();
      await recorder.write(options.reportFile ?? reportPath(options.name));
    });

    // First, before anything else runs: one case that names everything missing from the object.
    if (unavailable === undefined) {
      it('the backend has every primitive (shape check)', () => {
        const problems = state.shapeProblems ?? [];
        recorder.record({ case: 'shape', status: problems.length ? 'fail' : 'pass', reason: problems.join('; ') || undefined });
        if (problems.length > 0) throw new Error(`${options.name} is not a usable Backend:\n  - ${problems.join('\n  - ')}`);
      });
    }

    ctx.check('describes itself (name, engine, precision, limits)', () => {
      const info = ctx.backend.info;
      expect(typeof info.name).toBe('string');
      expect(info.name.length).toBeGreaterThan(0);
      expect(['float32', 'float64']).toContain(info.precision);
      expect(Array.isArray(info.limits)).toBe(true);
      if (options.expectEngine !== undefined) expect(info.engine, 'the engine really in use').toBe(options.expectEngine);
      for (const name of ctx.ops.overrides()) expect(COMPOSITE_OPS).toContain(name);
    });

    const jsOps = (): Ops => js!;
    primitiveCases(ctx);
    compositeCases(ctx);
    gradientCases(ctx);
    articleCases(ctx);
    trainingCases(ctx, jsOps);
    trainingFeatureCases(ctx, jsOps);
    trainingFeatureErrorCases(ctx);
    errorCases(ctx);
    memoryCases(ctx);
    portabilityCases(ctx, jsOps);
    robustnessCases(ctx, jsOps, options.create);
    divergenceSweepCases(ctx);

    if (unavailable !== undefined) {
      // Make the reason visible even in a summary that hides skipped tests' names.
      it(`backend unavailable here: ${unavailable}`, () => {
        expect(recorder.cases.every((c) => c.status === 'skip')).toBe(true);
      });
    }
  });
}
