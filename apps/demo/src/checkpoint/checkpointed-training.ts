/**
 * The training loop of a checkpointed `backprop train` (--checkpoint, --resume): trainNetwork's
 * one-fit path (training.ts) with core's checkpoint, resumeFrom and signal. Each checkpoint also
 * keeps the CLI's own per-epoch points (the test-split measurements of the progress and the
 * chart), so that a resumed run reports and draws every epoch, not only those after the resume,
 * and the table's preprocessing (fitted on the training rows), so that a resume whose flags or
 * file would preprocess differently is refused naming that, before core compares the data.
 */
import { fit, type Network } from '@backprop/core';
import { readCheckpointMeta } from '@backprop/core/node';
import type { Dataset, Split } from '../datasets/index.js';
import { inputError } from '../errors.js';
import { measure } from '../metrics.js';
import type { EpochPoint, TrainingResult, TrainingSettings } from '../training.js';
import type { CheckpointRequest } from './checkpoint-flags.js';

export interface CheckpointedResult extends TrainingResult {
  /** A signal stopped training after an epoch; the checkpoint holds it. */
  readonly interrupted: boolean;
  readonly epochsDone: number;
}

const META_KEY = 'backpropTrain';

export async function trainWithCheckpoints(
  network: Network,
  dataset: Dataset,
  train: Split,
  settings: TrainingSettings,
  onEpoch: (point: EpochPoint) => void,
  request: CheckpointRequest,
  signal: AbortSignal,
): Promise<CheckpointedResult> {
  const preprocessing = dataset.preprocessor ? (JSON.parse(JSON.stringify(dataset.preprocessor.toJSON())) as unknown) : null;
  const saved = request.resume ? await readCheckpointMeta(request.resume) : undefined;
  const history: EpochPoint[] = saved ? pointsFrom(saved, request.resume!) : [];
  if (saved && JSON.stringify((saved[META_KEY] as { preprocessing?: unknown }).preprocessing ?? null) !== JSON.stringify(preprocessing)) {
    throw inputError(`${request.resume} was written with other preprocessing (scaling, categories or columns) than these flags and data give`, 'resume with the command line the checkpoint was written by (the interrupted run printed it)');
  }
  const x = { data: train.x, rows: train.rows, cols: dataset.inputSize };
  const y = { data: train.y, rows: train.rows, cols: dataset.outputSize };
  const h = await fit(network, x, y, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    optimizer: settings.optimizer,
    seed: settings.seed,
    ...settings.features,
    onEpochEnd: async (info) => {
      const test = await measure(network, dataset.test, dataset.task);
      const point = { epoch: info.epoch, loss: info.loss, testLoss: test.loss, testAccuracy: test.accuracy, seconds: info.seconds };
      history.push(point);
      onEpoch(point);
    },
    checkpoint: { path: request.path, every: request.every, meta: () => ({ [META_KEY]: { points: history, preprocessing } }) },
    ...(request.resume ? { resumeFrom: request.resume } : {}),
    signal,
  });
  const trainingSeconds = history.reduce((s, p) => s + p.seconds, 0);
  return {
    history,
    stoppedEarly: h.stoppedEarly && !h.interrupted,
    ...(h.restoredEpoch !== undefined ? { restoredEpoch: h.restoredEpoch } : {}),
    trainingSeconds,
    samplesPerSecond: (train.rows * history.length) / trainingSeconds,
    path: h.path,
    interrupted: h.interrupted === true,
    epochsDone: h.epochs.length,
  };
}

/** The CLI's points saved in a checkpoint's meta, checked. */
function pointsFrom(meta: Record<string, unknown>, path: string): EpochPoint[] {
  const points = (meta[META_KEY] as { points?: unknown } | undefined)?.points;
  const ok = Array.isArray(points) && points.every((p: unknown, i) => {
    const q = p as Partial<EpochPoint> | null;
    return typeof q === 'object' && q !== null && q.epoch === i + 1 && [q.loss, q.testLoss, q.seconds].every((v) => typeof v === 'number');
  });
  if (!ok) throw inputError(`${path} holds no backprop train progress (meta.${META_KEY}.points): it was not written by backprop train, or is damaged`);
  return points as EpochPoint[];
}
