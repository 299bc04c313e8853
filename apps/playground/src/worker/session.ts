/**
 * One network on one backend inside a worker: trains it with core's `fit`, reports each epoch
 * (loss, accuracy, samples/s, the boundary or the confusion matrix), saves it in core's model
 * format, and loads a saved one.
 */
import { evaluate, fit, modelToJSON, parseModel, createNetwork, type Backend, type Network } from '@backprop/core';
import { findVariant } from '../backends/variants.js';
import { loadDataset, oneHot, type Dataset, type DatasetName, type Samples } from '../data/index.js';
import { networkSpecOf, optimizerSpecOf, shapeText, type TrainConfig } from '../training/config.js';
import { accuracyOf, confusionMatrix, predictedClasses } from '../training/confusion.js';
import { GRID_SIZE, gridPoints } from '../training/grid.js';
import type { FromWorker, StartedReport } from './protocol.js';

/** Redraw the boundary at most this often while training (each redraw is a forward pass over the grid). */
const BOUNDARY_EVERY_MS = 250;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

async function startBackend(variantId: string): Promise<Backend> {
  const variant = findVariant(variantId);
  if (!variant) throw new Error(`unknown backend variant '${variantId}'`);
  return variant.create();
}

function matrices(samples: Samples, dataset: Dataset) {
  return {
    x: { data: samples.x, rows: samples.rows, cols: dataset.inputSize },
    y: { data: oneHot(samples.labels, dataset.classes), rows: samples.rows, cols: dataset.classes },
  };
}

export class Session {
  private backend: Backend | undefined;
  private network: Network | undefined;
  private dataset: Dataset | undefined;
  private config: TrainConfig | undefined;
  private stopRequested = false;

  constructor(private readonly post: Post) {}

  requestStop(): void {
    this.stopRequested = true;
  }

  async train(variantId: string, config: TrainConfig): Promise<void> {
    this.release();
    const dataset = await loadDataset(config.dataset);
    const backend = await startBackend(variantId);
    this.backend = backend;
    const network = createNetwork(backend, networkSpecOf(config, dataset.inputSize, dataset.classes));
    this.network = network;
    this.dataset = dataset;
    this.config = config;
    this.stopRequested = false;
    this.post({ type: 'started', report: this.report(variantId, network) });
    const train = matrices(dataset.train, dataset);
    await this.reportOutputs(0);
    let trainSeconds = 0;
    let lastBoundary = performance.now();
    const history = await fit(network, train.x, train.y, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer: optimizerSpecOf(config),
      seed: config.seed,
      onEpochEnd: async (info) => {
        trainSeconds += info.seconds;
        const { accuracy, testAccuracy } = await this.reportOutputs(info.epoch, performance.now() - lastBoundary >= BOUNDARY_EVERY_MS || info.epoch === config.epochs);
        if (dataset.extent !== undefined) lastBoundary = performance.now();
        this.post({ type: 'epoch', report: { epoch: info.epoch, loss: info.loss, accuracy, testAccuracy, samplesPerSecond: info.samplesPerSecond, trainSeconds } });
        // Let a 'stop' message in before the next epoch.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return !this.stopRequested;
      },
    });
    if (history.stoppedEarly) await this.reportOutputs(history.epochs.length);
    this.post({ type: 'done', stoppedEarly: history.stoppedEarly, path: history.path });
  }

  /**
   * Accuracy on the training (and held-out) samples; with `draw`, also the boundary (2-D sets)
   * or the confusion matrix (others).
   */
  private async reportOutputs(epoch: number, draw = true): Promise<{ accuracy: number; testAccuracy?: number }> {
    const network = this.network!;
    const dataset = this.dataset!;
    const classesOf = async (s: Samples): Promise<Uint8Array> => {
      const out = await network.predictFlat({ data: s.x, rows: s.rows, cols: dataset.inputSize });
      return predictedClasses(out.data, s.rows, dataset.classes);
    };
    const trainPredicted = await classesOf(dataset.train);
    const accuracy = accuracyOf(trainPredicted, dataset.train.labels);
    const testPredicted = dataset.test ? await classesOf(dataset.test) : undefined;
    const testAccuracy = testPredicted && dataset.test ? accuracyOf(testPredicted, dataset.test.labels) : undefined;
    if (draw && dataset.extent !== undefined) {
      const grid = gridPoints(dataset.extent);
      const out = await network.predictFlat({ data: grid, rows: GRID_SIZE * GRID_SIZE, cols: 2 });
      const probabilities = Float32Array.from(out.data);
      this.post({ type: 'boundary', epoch, image: { size: GRID_SIZE, classes: dataset.classes, probabilities } }, [probabilities.buffer]);
    } else if (draw) {
      const counts = testPredicted && dataset.test ? confusionMatrix(testPredicted, dataset.test.labels, dataset.classes) : confusionMatrix(trainPredicted, dataset.train.labels, dataset.classes);
      this.post({ type: 'confusion', classes: dataset.classes, counts, heldOut: testPredicted !== undefined }, [counts.buffer]);
    }
    return { accuracy, testAccuracy };
  }

  private report(variantId: string, network: Network): StartedReport {
    const info = network.ops.info;
    return {
      variant: variantId,
      engine: info.engine,
      precision: info.precision,
      shape: shapeText(network.inputSize, network.layers.slice(0, -1).map((l) => l.units), network.outputSize),
      parameters: network.parameterCount(),
    };
  }

  /** The trained network in core's saved-model format, with what the playground needs to show it again. */
  async save(): Promise<void> {
    if (!this.network || !this.dataset) throw new Error('save: there is no trained network yet: press Train first');
    const meta: Record<string, unknown> = { app: 'playground', playgroundDataset: this.dataset.name, task: 'classification' };
    if (this.config) meta.trainConfig = this.config;
    // The CLI's `predict` evaluates meta.dataset by itself; only spirals is the same set there.
    if (this.dataset.name === 'spirals') meta.dataset = 'spirals';
    this.post({ type: 'model', text: await modelToJSON(this.network, meta) });
  }

  /** Builds a saved model on the variant's backend and evaluates it on `datasetName`. */
  async load(variantId: string, modelText: string, datasetName: DatasetName): Promise<void> {
    this.release();
    const dataset = await loadDataset(datasetName);
    const backend = await startBackend(variantId);
    this.backend = backend;
    const { network, meta } = parseModel(modelText, backend);
    this.network = network;
    if (network.inputSize !== dataset.inputSize || network.outputSize !== dataset.classes) {
      throw new Error(`load: the model maps ${network.inputSize} inputs to ${network.outputSize} outputs, but ${dataset.name} has ${dataset.inputSize} inputs and ${dataset.classes} classes`);
    }
    this.dataset = dataset;
    // Saving a loaded model again keeps the settings it was trained with.
    this.config = typeof meta.trainConfig === 'object' && meta.trainConfig !== null ? (meta.trainConfig as TrainConfig) : undefined;
    const train = matrices(dataset.train, dataset);
    const { loss } = await evaluate(network, train.x, train.y);
    const { accuracy, testAccuracy } = await this.reportOutputs(0);
    this.post({ type: 'loaded', report: this.report(variantId, network), loss, accuracy, testAccuracy });
  }

  /** Frees the network and the backend (every handle, then the backend's own resources). */
  release(): void {
    this.network?.dispose();
    this.network = undefined;
    this.backend?.close?.();
    this.backend = undefined;
  }
}
