/**
 * The held-out metrics of `backprop train`, drawn beside its training chart: for a
 * classification the confusion matrix as a heatmap (actual class down, predicted across, each
 * cell's row count written in it, its shade the share of the actual class, so a rare class reads
 * as clearly as a common one); for a regression each held-out row's prediction against its known
 * value in the target's units, with the line y = x a perfect model would sit on. A large test
 * split is sampled (seeded) to MAX_SCATTER_POINTS points so the SVG stays small.
 */
import { basename, dirname, extname, join } from 'node:path';
import { Random } from '@backprop/core';
import type { TopLevelSpec } from 'vega-lite';
import type { HeldOutOutcome } from '../held-out.js';

/** At most this many points in the scatter (about 1 MB of SVG). */
export const MAX_SCATTER_POINTS = 5000;

const SAMPLE_SEED = 1;

/**
 * Where the metrics chart goes, beside the training chart: `<stem>-training.svg` becomes
 * `<stem>-metrics.svg` (the default `iris-training.svg` → `iris-metrics.svg`); any other name
 * gets `-metrics` before its extension (`run.svg` → `run-metrics.svg`).
 */
export function metricsChartPath(trainingChart: string): string {
  const name = basename(trainingChart);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const base = stem.endsWith('-training') ? stem.slice(0, -'-training'.length) : stem;
  return join(dirname(trainingChart), `${base}-metrics${ext || '.svg'}`);
}

/** Up to `limit` row indices of `n`, chosen without repeats by a seeded partial Fisher–Yates shuffle, in row order. */
export function sampleIndices(n: number, limit: number, seed = SAMPLE_SEED): Uint32Array {
  if (n <= limit) return Uint32Array.from({ length: n }, (_, i) => i);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const random = new Random(seed);
  for (let i = 0; i < limit; i++) {
    const j = i + random.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order.subarray(0, limit).sort();
}

function percentText(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function confusionSpec(title: string, classes: readonly string[], confusion: readonly (readonly number[])[], subtitle: string[]): TopLevelSpec {
  const cells = confusion.flatMap((row, a) => {
    const support = row.reduce((s, v) => s + v, 0);
    return row.map((count, p) => ({ actual: classes[a]!, predicted: classes[p]!, count, share: support > 0 ? count / support : 0 }));
  });
  const k = classes.length;
  // Cells big enough for a count up to 20 classes; beyond, the shade alone (the text table has the figures).
  const step = Math.max(8, Math.min(48, Math.floor(560 / k)));
  const sort = [...classes];
  return {
    title: { text: title, subtitle },
    background: 'white',
    width: { step },
    height: { step },
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort, title: 'predicted class', axis: { labelAngle: -45, orient: 'top' } },
      y: { field: 'actual', type: 'nominal', sort, title: 'actual class' },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'share', type: 'quantitative', title: 'share of row', scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%' } },
          tooltip: [
            { field: 'actual', type: 'nominal' },
            { field: 'predicted', type: 'nominal' },
            { field: 'count', type: 'quantitative' },
            { field: 'share', type: 'quantitative', format: '.1%' },
          ],
        },
      },
      ...(k <= 20
        ? [
            {
              mark: { type: 'text' as const, fontSize: 11 },
              encoding: {
                text: { field: 'count', type: 'quantitative' as const, format: ',d' },
                color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  };
}

function scatterSpec(title: string, target: string, predicted: ArrayLike<number>, actual: ArrayLike<number>, subtitle: string[]): TopLevelSpec {
  const picked = sampleIndices(actual.length, MAX_SCATTER_POINTS);
  const points: { actual: number; predicted: number }[] = [];
  let low = Infinity;
  let high = -Infinity;
  for (const i of picked) {
    const a = actual[i]!;
    const p = predicted[i]!;
    // A diverged network's NaN or infinite outputs cannot be placed; the figures above say so.
    if (!Number.isFinite(a) || !Number.isFinite(p)) continue;
    points.push({ actual: a, predicted: p });
    low = Math.min(low, a, p);
    high = Math.max(high, a, p);
  }
  const sampled = picked.length < actual.length ? [`${picked.length.toLocaleString('en-US')} of the ${actual.length.toLocaleString('en-US')} rows drawn (a seeded sample)`] : [];
  const domain = points.length > 0 ? [low, high] : [0, 1];
  const scale = { domain, zero: false, nice: true };
  return {
    title: { text: title, subtitle: [...subtitle, ...sampled] },
    background: 'white',
    width: 420,
    height: 420,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: points.length > 1000 ? 8 : 20, opacity: points.length > 1000 ? 0.35 : 0.6, color: '#1f77b4' },
        encoding: {
          x: { field: 'actual', type: 'quantitative', scale, title: `actual ${target}` },
          y: { field: 'predicted', type: 'quantitative', scale, title: `predicted ${target}` },
        },
      },
      {
        data: { values: [{ actual: domain[0], predicted: domain[0] }, { actual: domain[1], predicted: domain[1] }] },
        mark: { type: 'line', color: '#d62728', strokeDash: [6, 4] },
        encoding: {
          x: { field: 'actual', type: 'quantitative', scale, title: `actual ${target}` },
          y: { field: 'predicted', type: 'quantitative', scale, title: `predicted ${target}` },
        },
      },
    ],
  };
}

/** The metrics chart's spec for `outcome` (heldOutOutcome's): a confusion heatmap, or predicted against actual. */
export function metricsChartSpec(title: string, outcome: HeldOutOutcome): TopLevelSpec {
  const m = outcome.metrics;
  if (m.kind === 'classification') {
    return confusionSpec(`${title}: confusion matrix`, m.classes, m.confusion, [
      `accuracy ${percentText(m.accuracy)}, macro F1 ${m.macroF1.toFixed(3)} on ${m.rows.toLocaleString('en-US')} test rows`,
      'each cell: test rows of its actual class given its predicted class',
    ]);
  }
  const r2 = m.r2 === null ? '-' : m.r2.toFixed(4);
  const subtitle = [`RMSE ${m.rmse.toPrecision(4)}, MAE ${m.mae.toPrecision(4)}, R² ${r2} on ${m.rows.toLocaleString('en-US')} test rows`, 'dashed line: predicted = actual'];
  return scatterSpec(`${title}: predicted against actual ${m.target}`, m.target, outcome.predicted ?? [], outcome.actual ?? [], subtitle);
}
