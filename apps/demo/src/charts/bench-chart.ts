/**
 * The chart of `backprop bench`: each backend's training speed per workload, on a log scale
 * (speeds differ 1000× between engines). Dots, not bars: vega draws log-scale bars with no
 * height when rendered without a browser.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface BenchChartRow {
  readonly workload: string;
  readonly backend: string;
  readonly samplesPerSecond: number;
  readonly ratioToBaseline?: number;
}

export function benchChartSpec(title: string, rows: readonly BenchChartRow[]): TopLevelSpec {
  return {
    title,
    background: 'white',
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { column: { field: 'workload', type: 'nominal', title: null } },
    spec: {
      width: 160,
      height: 220,
      mark: { type: 'point', filled: true, size: 90 },
      encoding: {
        x: { field: 'backend', type: 'nominal', title: null, axis: { labelAngle: -45 } },
        y: { field: 'samplesPerSecond', type: 'quantitative', title: 'training samples/s (log)', scale: { type: 'log' } },
        color: { field: 'backend', type: 'nominal', legend: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
