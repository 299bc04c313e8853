/**
 * The loss and accuracy curves of one or two lanes, drawn with uPlot: one chart each, one series
 * per lane (and per lane a held-out accuracy series for digits), so that two backends trained
 * from the same seed draw over each other. Redraws at most once per animation frame.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochReport } from '../worker/protocol.js';
import { LANE_COLOURS } from './palette.js';

export type LaneId = keyof typeof LANE_COLOURS;

interface LaneCurves {
  readonly label: string;
  readonly loss: (number | null)[];
  readonly accuracy: (number | null)[];
  readonly testAccuracy: (number | null)[];
}

const HEIGHT = 220;

export class Curves {
  private lossChart: uPlot | undefined;
  private accuracyChart: uPlot | undefined;
  private lanes = new Map<LaneId, LaneCurves>();
  private heldOut = false;
  private frame = 0;

  constructor(
    private readonly lossTarget: HTMLElement,
    private readonly accuracyTarget: HTMLElement,
  ) {
    new ResizeObserver(() => this.resize()).observe(lossTarget);
  }

  /** Starts empty curves for these lanes. */
  reset(lanes: readonly { id: LaneId; label: string }[], heldOut: boolean): void {
    this.lanes = new Map(lanes.map((l) => [l.id, { label: l.label, loss: [], accuracy: [], testAccuracy: [] }]));
    this.heldOut = heldOut;
    this.lossChart?.destroy();
    this.accuracyChart?.destroy();
    const width = this.width();
    const laneSeries = (suffix: string, dash?: number[]): uPlot.Series[] =>
      lanes.map((l) => ({ label: `${l.label}${suffix}`, stroke: LANE_COLOURS[l.id], width: 2, ...(dash ? { dash } : {}), spanGaps: false }));
    this.lossChart = new uPlot(
      {
        title: 'training loss (softmax cross-entropy)',
        width,
        height: HEIGHT,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [{ label: 'epoch' }, {}],
        series: [{ label: 'epoch' }, ...laneSeries('')],
      },
      this.lossData(),
      this.lossTarget,
    );
    this.accuracyChart = new uPlot(
      {
        title: heldOut ? 'accuracy: training (solid), held-out (dashed)' : 'training accuracy',
        width,
        height: HEIGHT,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: 'epoch' }, { values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) }],
        series: [{ label: 'epoch' }, ...laneSeries(''), ...(heldOut ? laneSeries(' held-out', [6, 4]) : [])],
      },
      this.accuracyData(),
      this.accuracyTarget,
    );
  }

  add(lane: LaneId, report: EpochReport): void {
    const curves = this.lanes.get(lane);
    if (!curves) return;
    curves.loss[report.epoch - 1] = report.loss;
    curves.accuracy[report.epoch - 1] = report.accuracy;
    curves.testAccuracy[report.epoch - 1] = report.testAccuracy ?? null;
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.lossChart?.setData(this.lossData());
        this.accuracyChart?.setData(this.accuracyData());
      });
    }
  }

  private epochs(): number[] {
    const longest = Math.max(0, ...[...this.lanes.values()].map((l) => l.loss.length));
    return Array.from({ length: longest }, (_, i) => i + 1);
  }

  /** Pads each series to the shared epoch axis with nulls (uPlot wants aligned columns). */
  private aligned(series: (number | null)[], length: number): (number | null)[] {
    return Array.from({ length }, (_, i) => series[i] ?? null);
  }

  private lossData(): uPlot.AlignedData {
    const x = this.epochs();
    return [x, ...[...this.lanes.values()].map((l) => this.aligned(l.loss, x.length))];
  }

  private accuracyData(): uPlot.AlignedData {
    const x = this.epochs();
    const lanes = [...this.lanes.values()];
    return [x, ...lanes.map((l) => this.aligned(l.accuracy, x.length)), ...(this.heldOut ? lanes.map((l) => this.aligned(l.testAccuracy, x.length)) : [])];
  }

  private width(): number {
    return Math.max(240, this.lossTarget.clientWidth - 8);
  }

  private resize(): void {
    const size = { width: this.width(), height: HEIGHT };
    this.lossChart?.setSize(size);
    this.accuracyChart?.setSize(size);
  }
}
