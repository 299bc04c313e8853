/**
 * Named tolerance presets, chosen by the backend's declared precision. An element passes when
 * |actual − expected| ≤ abs·max(1, max|expected|) + rel·|expected|: the abs term scales with the
 * result's magnitude so that sums of many terms (matmul) are judged fairly.
 */
import type { Precision } from '@backprop/core';

export interface Tolerance {
  /** Elementwise primitives and composites against the float64 reference. */
  readonly abs: number;
  readonly rel: number;
  /** gradientCheck: max relative error (float64), or max error relative to the largest gradient (float32). */
  readonly gradient: number;
  /** Weights after K identical training steps, compared with the reference backend's. */
  readonly training: number;
}

export const TOLERANCES: Record<Precision, Tolerance> = {
  float64: { abs: 1e-12, rel: 1e-10, gradient: 1e-6, training: 1e-9 },
  float32: { abs: 2e-6, rel: 2e-5, gradient: 2e-2, training: 2e-3 },
};

/** Transcendental functions (exp, log, tanh, sigmoid) on GPUs are only accurate to a few ulps more. */
export const TRANSCENDENTAL_SLACK = 8;
