/** The chart of `backprop train`: loss per epoch (train and test) and, for classifiers, test accuracy. */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochPoint } from '../training.js';

export function trainingChartSpec(title: string, history: readonly EpochPoint[]): TopLevelSpec {
  const losses = history.flatMap((p) => [
    { epoch: p.epoch, series: 'train loss', value: p.loss },
    { epoch: p.epoch, series: 'test loss', value: p.testLoss },
  ]);
  const accuracy = history.filter((p) => p.testAccuracy !== undefined).map((p) => ({ epoch: p.epoch, value: p.testAccuracy! }));
  const epochAxis = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1 } };
  const lossPanel = {
    title: 'loss',
    width: 520,
    height: 200,
    data: { values: losses },
    mark: { type: 'line' as const, point: history.length <= 40 },
    encoding: {
      x: epochAxis,
      y: { field: 'value', type: 'quantitative' as const, title: 'loss', scale: { type: 'log' as const } },
      color: { field: 'series', type: 'nominal' as const, title: null },
    },
  };
  const accuracyPanel = {
    title: 'test accuracy',
    width: 520,
    height: 160,
    data: { values: accuracy },
    mark: { type: 'line' as const, point: history.length <= 40, color: '#2ca02c' },
    encoding: {
      x: epochAxis,
      y: { field: 'value', type: 'quantitative' as const, title: 'accuracy', axis: { format: '.1%' }, scale: { zero: false } },
    },
  };
  return {
    title,
    background: 'white',
    vconcat: accuracy.length > 0 ? [lossPanel, accuracyPanel] : [lossPanel],
  };
}
