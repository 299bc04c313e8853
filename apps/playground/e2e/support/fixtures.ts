/** Settings the browser tests train with: small, so that every backend finishes in seconds to a minute. */
import type { Settings } from './playground-page.js';

/**
 * Spirals to ≥ 95% training accuracy: 4-5 epochs on js; 10 leave room for every backend and keep
 * the slowest here (tfjs webgpu on SwiftShader's software adapter) near half a minute.
 */
export const SPIRALS_QUICK: Settings = {
  dataset: 'spirals',
  hidden: '32, 32',
  activation: 'relu',
  optimizer: 'adam',
  lr: 0.03,
  batchSize: 64,
  epochs: 10,
  seed: 1,
};
