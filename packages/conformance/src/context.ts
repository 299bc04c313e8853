/**
 * What every case module gets: the backend under test, the float64 reference (backend-js in
 * float64 mode), the tolerance preset for the backend's precision, and `check`, which registers
 * a vitest test and records its outcome in the report.
 */
import { Ops, type Backend, type Matrix } from '@backprop/core';
import { it } from 'vitest';
import { compareArrays } from './compare.js';
import type { Recorder } from './report.js';
import { TOLERANCES, type Tolerance } from './tolerances.js';

export interface SuiteState {
  /** Why the backend object cannot be used at all (missing primitives…): every other case skips. */
  shapeProblems?: string[];
  backend?: Backend;
  ops?: Ops;
  reference?: Ops;
}

export class SuiteContext {
  constructor(
    readonly state: SuiteState,
    readonly recorder: Recorder,
    /** Why a case is skipped (shown in the test name and the report), or undefined to run it. */
    private readonly skipReason: (caseName: string) => string | undefined,
    private readonly toleranceOverride: Partial<Tolerance> | undefined,
    /** Scales every case's time limit (a software GPU running each op as its own dispatch is slow). */
    private readonly timeoutScale = 1,
  ) {}

  get backend(): Backend {
    if (!this.state.backend) throw new Error('conformance: the backend was not created (see the "creates the backend" case)');
    return this.state.backend;
  }

  get ops(): Ops {
    return this.state.ops!;
  }

  get reference(): Ops {
    return this.state.reference!;
  }

  get tol(): Tolerance {
    return { ...TOLERANCES[this.backend.info.precision], ...this.toleranceOverride };
  }

  /** Registers one case. A case listed in `skips` is registered as skipped, its reason in its name. */
  check(name: string, body: () => Promise<void> | void, timeoutMs = 120_000): void {
    const reason = this.skipReason(name);
    if (reason !== undefined) {
      this.recorder.record({ case: name, status: 'skip', reason });
      it.skip(`${name} [skipped: ${reason}]`, () => undefined);
      return;
    }
    it(
      name,
      async (test) => {
        if (this.state.shapeProblems && this.state.shapeProblems.length > 0) {
          const reason = 'the backend object is not a usable Backend (see the case "the backend has every primitive")';
          this.recorder.record({ case: name, status: 'skip', reason });
          test.skip(reason);
          return;
        }
        this.recorder.record({ case: name, status: 'fail', reason: 'did not finish' });
        try {
          await body();
        } catch (e) {
          this.recorder.record({ case: name, status: 'fail', reason: (e as Error).message.slice(0, 2000) });
          throw e;
        }
        const prior = this.recorder.cases.find((c) => c.case === name);
        this.recorder.record({ case: name, status: 'pass', maxAbsError: prior?.maxAbsError, maxRelError: prior?.maxRelError });
      },
      timeoutMs * this.timeoutScale,
    );
  }

  /** Asserts closeness and records the errors under `caseName`. */
  expectClose(caseName: string, actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, tol: { abs: number; rel: number } = this.tol): void {
    const c = compareArrays(actual, expected, tol, label);
    if (Number.isFinite(c.maxAbsError)) this.recorder.errors(caseName, c.maxAbsError, c.maxRelError);
    // Thrown as is: the message already has both sides; a boolean assertion would add only noise.
    if (!c.ok) throw new ConformanceMismatch(c.message);
  }

  /** Reads a handle from the backend under test (sync where possible). */
  async read(m: Matrix): Promise<Float32Array | Float64Array> {
    return this.ops.readSync(m) ?? (await this.ops.read(m));
  }
}

/** Seeded values in [lo, hi): the test kit's, from core's PRNG. */
export { seededValues as randomValues } from '@backprop/test-kit';

/** Values rounded to the precision under test, so both sides start from identical inputs. */
export function asPrecision(values: Float64Array, precision: 'float32' | 'float64'): Float64Array {
  return precision === 'float32' ? Float64Array.from(Float32Array.from(values)) : values;
}

/** A value differs from the reference beyond the tolerance; the message shows both sides. */
export class ConformanceMismatch extends Error {
  override name = 'ConformanceMismatch';
}
