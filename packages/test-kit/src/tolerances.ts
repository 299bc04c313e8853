/**
 * Named tolerance presets (Burn's habit), never bare numbers in tests. An element passes when
 * |actual − expected| ≤ abs·max(1, max|expected|) + rel·|expected|: the abs term scales with the
 * result's magnitude so that sums of many terms (matmul) are judged fairly.
 */
import type { Precision } from '@backprop/core';

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** The conformance suite's presets by declared precision, with its gradient and training bounds. */
export interface PrecisionTolerance extends Tolerance {
  /** gradientCheck: max relative error (float64), or max error relative to the largest gradient (float32). */
  readonly gradient: number;
  /** Weights after K identical training steps, compared with the reference backend's. */
  readonly training: number;
}

/** One primitive against its float64 loop, at the backend's precision. */
export const TOLERANCES: Readonly<Record<Precision, PrecisionTolerance>> = {
  float64: { abs: 1e-12, rel: 1e-10, gradient: 1e-6, training: 1e-9 },
  float32: { abs: 2e-6, rel: 2e-5, gradient: 2e-2, training: 2e-3 },
};

/** A fused kernel (one rounding) against the reference composed of several rounded steps. */
export const COMPOSED: Readonly<Record<Precision, Tolerance>> = {
  float64: { abs: 1e-12, rel: 1e-12 },
  float32: { abs: 2e-5, rel: 2e-5 },
};

/** Sums of up to ~1000 float32 products: error grows with the inner size. */
export const FLOAT32_ACCUMULATED: Tolerance = { abs: 1e-4, rel: 1e-4 };

/** Bit for bit. */
export const EXACT: Tolerance = { abs: 0, rel: 0 };

/** Transcendental functions (exp, log, tanh, sigmoid) on GPUs are only accurate to a few ulps more. */
export const TRANSCENDENTAL_SLACK = 8;

/** A preset loosened by `factor` (a documented slack, e.g. TRANSCENDENTAL_SLACK). */
export function scaled(t: Tolerance, factor: number): Tolerance {
  return { abs: t.abs * factor, rel: t.rel * factor };
}
