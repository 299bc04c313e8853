/**
 * A lane: one backend training in its own worker, and its panel on the page (what runs, live
 * figures, the boundary or the confusion matrix, the epoch log). Two lanes run side by side.
 */
import type { Dataset } from '../data/index.js';
import type { TrainConfig } from '../training/config.js';
import type { EpochReport, FromWorker, StartedReport, ToWorker } from '../worker/protocol.js';
import { drawBoundary } from './boundary-view.js';
import { renderConfusion } from './confusion-view.js';
import type { LaneId } from './curves.js';
import { formatNumber, make, percent } from './dom.js';

export type LaneState = 'idle' | 'training' | 'done' | 'stopped' | 'loaded' | 'error';

type Waiting = { readonly until: FromWorker['type']; readonly resolve: (message: FromWorker) => void; readonly reject: (error: Error) => void };

export class Lane {
  private worker: Worker | undefined;
  private waiting: Waiting | undefined;
  private dataset: Dataset | undefined;
  private epochs = 0;
  private readonly status = make('p', 'not started', { class: 'status' });
  private readonly figures = make('dl');
  private readonly canvas = make('canvas', undefined, { class: 'boundary', 'aria-label': 'decision boundary now' });
  /** The untrained network's boundary, kept beside the current one. */
  private readonly startCanvas = make('canvas', undefined, { class: 'boundary-start', 'aria-label': 'decision boundary before training' });
  private readonly boundaries = make('div', undefined, { class: 'boundaries' });
  private readonly confusion = make('table', undefined, { class: 'confusion' });
  private readonly logBody = make('tbody');
  private readonly title = make('h2');

  constructor(
    readonly id: LaneId,
    private readonly element: HTMLElement,
    private readonly onEpoch: (lane: LaneId, report: EpochReport) => void,
  ) {
    const log = make('details', undefined, { class: 'epoch-log' });
    const table = make('table');
    const head = make('tr');
    head.append(...['epoch', 'loss', 'accuracy', 'held-out', 'samples/s'].map((h) => make('th', h)));
    table.append(make('thead'), this.logBody);
    table.tHead!.append(head);
    log.append(make('summary', 'epoch log'), table);
    const now = make('figure');
    now.append(this.canvas, make('figcaption', 'now'));
    const start = make('figure');
    start.append(this.startCanvas, make('figcaption', 'before training'));
    this.boundaries.append(now, start);
    this.boundaries.hidden = true;
    this.confusion.hidden = true;
    element.replaceChildren(this.title, this.status, this.figures, this.boundaries, this.confusion, log);
    this.title.textContent = `${id.toUpperCase()}`;
  }

  get state(): LaneState {
    return this.element.dataset.state as LaneState;
  }

  get busy(): boolean {
    return this.state === 'training';
  }

  show(visible: boolean): void {
    this.element.hidden = !visible;
  }

  /** Trains in a fresh worker; resolves when training ends (finished, stopped or failed). */
  async train(variant: string, config: TrainConfig, dataset: Dataset): Promise<void> {
    this.begin(variant, dataset, 'training');
    this.epochs = config.epochs;
    this.setStatus(`starting ${variant}…`);
    await this.request({ type: 'train', variant, config }, 'done').catch(() => undefined);
  }

  stop(): void {
    this.worker?.postMessage({ type: 'stop' } satisfies ToWorker);
  }

  /** The trained network in core's model format (JSON text). */
  async saveModel(): Promise<string> {
    const message = await this.request({ type: 'save' }, 'model');
    return message.type === 'model' ? message.text : '';
  }

  /** Loads a saved model onto `variant` in a fresh worker and shows what it predicts on `dataset`. */
  async load(variant: string, modelText: string, dataset: Dataset): Promise<void> {
    this.begin(variant, dataset, 'training');
    this.setStatus(`loading the model onto ${variant}…`);
    await this.request({ type: 'load', variant, modelText, dataset: dataset.name }, 'loaded');
  }

  private begin(variant: string, dataset: Dataset, state: LaneState): void {
    this.worker?.terminate();
    this.worker = new Worker(new URL('../worker/training-worker.ts', import.meta.url), { type: 'module', name: `lane ${this.id}` });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => this.fail(`the worker stopped: ${event.message}`));
    this.dataset = dataset;
    this.title.textContent = `${this.id.toUpperCase()}: ${variant}`;
    this.figures.replaceChildren();
    this.logBody.replaceChildren();
    this.boundaries.hidden = dataset.extent === undefined;
    this.confusion.hidden = dataset.extent !== undefined;
    this.confusion.replaceChildren();
    delete this.canvas.dataset.epoch;
    this.element.dataset.state = state;
  }

  private request(message: ToWorker, until: FromWorker['type']): Promise<FromWorker> {
    if (!this.worker) return Promise.reject(new Error(`${message.type}: lane ${this.id} has no network yet: press Train first`));
    this.waiting?.reject(new Error(`${message.type} replaced an earlier request`));
    return new Promise((resolve, reject) => {
      this.waiting = { until, resolve, reject };
      this.worker!.postMessage(message);
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'started':
        this.describe(message.report);
        this.setStatus(`training on ${message.report.variant}…`);
        break;
      case 'epoch':
        this.showEpoch(message.report);
        this.onEpoch(this.id, message.report);
        break;
      case 'boundary':
        if (this.dataset?.extent !== undefined) {
          drawBoundary(this.canvas, message.image, this.dataset.train, this.dataset.extent);
          this.canvas.dataset.epoch = String(message.epoch);
          if (message.epoch === 0) drawBoundary(this.startCanvas, message.image, this.dataset.train, this.dataset.extent);
        }
        break;
      case 'confusion':
        renderConfusion(this.confusion, message.counts, message.classes, message.heldOut);
        break;
      case 'done':
        this.element.dataset.state = message.stoppedEarly ? 'stopped' : 'done';
        this.setStatus(`${message.stoppedEarly ? 'stopped' : 'done'} (${message.path === 'host' ? "core's fused host path" : "the backend's own operations"})`);
        break;
      case 'loaded':
        this.describe(message.report);
        this.element.dataset.state = 'loaded';
        this.setFigure('loss', formatNumber(message.loss));
        this.setFigure('accuracy', percent(message.accuracy));
        if (message.testAccuracy !== undefined) this.setFigure('held-out accuracy', percent(message.testAccuracy));
        this.setStatus(`loaded model on ${message.report.variant}`);
        break;
      case 'model':
      case 'diagnosis':
        break;
      case 'error':
        this.fail(message.message);
        return;
    }
    if (this.waiting?.until === message.type) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(message);
    }
  }

  private fail(text: string): void {
    this.element.dataset.state = 'error';
    this.setStatus(`error: ${text}`);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(new Error(text));
  }

  private describe(report: StartedReport): void {
    this.setFigure('backend', `${report.variant} (engine ${report.engine}, ${report.precision})`);
    this.setFigure('network', `${report.shape}, ${report.parameters.toLocaleString('en-US')} parameters`);
  }

  private showEpoch(report: EpochReport): void {
    this.setFigure('epoch', `${report.epoch} of ${this.epochs}`);
    this.setFigure('loss', formatNumber(report.loss));
    this.setFigure('accuracy', percent(report.accuracy));
    if (report.testAccuracy !== undefined) this.setFigure('held-out accuracy', percent(report.testAccuracy));
    this.setFigure('samples/s', `${formatNumber(report.samplesPerSecond, 3)} (this epoch)`);
    this.setFigure('training time', `${report.trainSeconds.toFixed(2)} s`);
    const row = make('tr');
    row.append(
      ...[String(report.epoch), report.loss.toPrecision(6), percent(report.accuracy), report.testAccuracy === undefined ? '' : percent(report.testAccuracy), formatNumber(report.samplesPerSecond, 3)].map((t) => make('td', t)),
    );
    this.logBody.append(row);
  }

  private setFigure(name: string, value: string): void {
    let dd = this.figures.querySelector<HTMLElement>(`dd[data-figure="${name}"]`);
    if (!dd) {
      dd = make('dd', undefined, { 'data-figure': name });
      this.figures.append(make('dt', name), dd);
    }
    dd.textContent = value;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }
}
