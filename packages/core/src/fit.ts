/**
 * Training: mini-batch gradient descent over host data, with seeded shuffling, validation,
 * callbacks, early stopping and a divergence guard. fit is a short loop over parts in
 * training/: the options resolved once into a plan (fit-plan.ts), an epoch runner for the path
 * that trains (host-runner.ts, ops-runner.ts), the one guard-and-replay mechanism
 * (guarded-epochs.ts), the sample orders (epoch-orders.ts), the history (history-log.ts), the
 * schedule (scheduled-rate.ts), early stopping and the network's claim (training-claim.ts).
 *
 * Readbacks: a training step reads nothing back. Each batch's loss stays on the backend as a
 * 1×1 handle; the epoch's losses are summed there, together with a finiteness check of every
 * parameter, and read once per epoch. Only if that value is not finite is the epoch replayed
 * batch by batch, to name the batch where it went wrong. Backends with host storage (hostArray)
 * train small networks through core's fused host path instead, checked the same way.
 */
import { Checkpointer, resumeRun, type ResumedRun } from './checkpoint/checkpointer.js';
import { runRecordOf } from './checkpoint/run-record.js';
import type { DataInput } from './data.js';
import { evaluateMatrices } from './evaluate.js';
import { HostTrainer } from './host-step.js';
import type { Network } from './network.js';
import { isDataset, type Dataset } from './stream/dataset.js';
import { fitDataset, type DatasetFitOptions } from './stream/fit-dataset.js';
import { EarlyStopper } from './training/early-stopping.js';
import { EpochOrders } from './training/epoch-orders.js';
import { StopSignal, type EpochRunner } from './training/epoch-runner.js';
import type { FitOptions, History } from './training/fit-options.js';
import { resolveFitPlan, type FitPlan } from './training/fit-plan.js';
import { trainGuarded } from './training/guarded-epochs.js';
import { HistoryLog } from './training/history-log.js';
import { HostEpochRunner } from './training/host-runner.js';
import { OpsEpochRunner } from './training/ops-runner.js';
import { ParameterSnapshot } from './training/parameter-snapshot.js';
import { ScheduledRate } from './training/scheduled-rate.js';
import { assertStillAlive, claimForTraining, disposedDuringFit, isAlive, isDisposalError } from './training/training-claim.js';

export type { BatchEndInfo, EarlyStopping, EpochEndInfo, EpochRecord, FitCallbacks, FitOptions, History } from './training/fit-options.js';
export { trainStep, type StepExtras } from './training/train-step.js';

/**
 * Trains `network` on (x, y). fit never returns with a NaN or ±Infinity parameter: when a batch
 * loss is not finite at the backend's precision it throws NonFiniteLossError, and when an update
 * makes a parameter non-finite it throws NonFiniteWeightsError (a
 * NonFiniteLossError), each naming the epoch and batch, after restoring the parameters and the
 * optimizer state of the start of that epoch (the last state known to be finite). Any other
 * error also leaves every parameter finite.
 *
 * One fit at a time per network: a second call before the first has finished throws a
 * BackpropError naming the network. Disposing the network during fit makes fit throw a
 * BackpropError saying so at its next step boundary; predict and evaluate during fit (from a
 * callback, or while fit awaits) see the parameters after the last completed step.
 */
export async function fit(network: Network, xInput: DataInput, yInput: DataInput, options: FitOptions): Promise<History>;
/** Trains on a Dataset of batches streamed in order (stream/fit-dataset.ts: fitDataset, and what it does not support yet). */
export async function fit(network: Network, dataset: Dataset, options: DatasetFitOptions): Promise<History>;
export async function fit(network: Network, xInput: DataInput | Dataset, yInput: DataInput | DatasetFitOptions, options?: FitOptions): Promise<History> {
  if (isDataset(xInput)) return fitDataset(network, xInput, yInput as DatasetFitOptions);
  network.assertAlive('fit');
  const release = claimForTraining(network);
  try {
    return await train(network, resolveFitPlan(network, xInput, yInput as DataInput, options!), options!);
  } finally {
    release();
  }
}

async function train(network: Network, plan: FitPlan, options: FitOptions): Promise<History> {
  const stop = new StopSignal();
  const run = plan.checkpoint || plan.resumeFrom ? runRecordOf(network, plan, options) : undefined;
  let resumed: ResumedRun | undefined;
  try {
    // Before the runner: the host path takes the optimizer's host state as it finds it.
    if (plan.resumeFrom) resumed = await resumeRun(plan.resumeFrom, network, plan.optimizer, run!, plan.epochs);
  } catch (e) {
    if (plan.ownsOptimizer) plan.optimizer.dispose();
    throw e;
  }
  const runner = epochRunner(network, plan, stop);
  const training = { network, optimizer: plan.optimizer, runner };
  const orders = new EpochOrders(plan.x.rows, plan.shuffle, plan.seed);
  const early = plan.earlyStopping && new EarlyStopper(plan.earlyStopping, network);
  const schedule = plan.schedule && new ScheduledRate(plan.optimizer, plan.schedule, plan.continueSchedule, resumed?.position.scheduleOffset);
  const history = new HistoryLog();
  const checkpointer = plan.checkpoint && new Checkpointer(plan.checkpoint, run!);
  let stoppedEarly = false;
  let interrupted = false;
  let samples = 0;
  let epoch = 1;
  let restoredEpoch: number | undefined;
  if (resumed) {
    // The run goes on where the checkpoint left it: the shuffles of the epochs done drawn again.
    orders.skip(resumed.position.epochsDone);
    if (early && resumed.early) early.resume(resumed.early, resumed.bestWeights && ParameterSnapshot.fromValues(network, resumed.bestWeights));
    for (const record of resumed.history) history.addEpoch(record);
    samples = resumed.position.samples;
    epoch = resumed.position.epochsDone + 1;
    stoppedEarly = stop.requested = resumed.position.stoppedEarly;
  }
  const started = performance.now();
  try {
    while (epoch <= plan.epochs && !stop.requested) {
      assertStillAlive(network, epoch - 1);
      schedule?.apply(epoch);
      const learningRate = plan.optimizer.spec.lr;
      const trained = await trainGuarded(training, epoch, orders.span(runner.spanLength(epoch)));
      samples += trained.samples;
      const { losses, seconds } = trained;
      if (!plan.watchesEpochs) {
        history.addSpan(epoch, losses, learningRate, seconds);
        epoch += losses.length;
        continue;
      }
      // One epoch, watched: validation, the callback, early stopping.
      const loss = losses[0]!;
      const validation = plan.validation ? await evaluateMatrices(network, plan.validation.x, plan.validation.y) : undefined;
      history.addEpoch({ epoch, loss, learningRate, valLoss: validation?.loss, valAccuracy: validation?.accuracy, seconds });
      const verdict = await plan.callbacks.onEpochEnd?.({ epoch, loss, learningRate, validation, seconds, samplesPerSecond: plan.x.rows / seconds }, stop.stop);
      if (verdict === false) stop.requested = true;
      if (early?.observe(epoch, loss, validation?.loss)) stoppedEarly = stop.requested = true;
      if (plan.signal) {
        // A signal handler (Ctrl-C) runs only from the event loop: let it, once per epoch.
        await nextTask();
        if (plan.signal.aborted) interrupted = stop.requested = true;
      }
      if (checkpointer && (checkpointer.due(epoch) || stop.requested || epoch === plan.epochs)) {
        const position = { epochsDone: epoch, samples, stoppedEarly, scheduleOffset: schedule?.startOffset ?? 0 };
        await checkpointer.write({ network, optimizer: plan.optimizer, position, history: history.records(), early: early || undefined });
      }
      epoch++;
    }
    assertStillAlive(network, epoch - 1);
    restoredEpoch = early?.restoreBest();
  } catch (e) {
    // Whatever failed after the network was disposed under fit failed because of that.
    throw isAlive(network) || isDisposalError(e) ? e : disposedDuringFit(network, epoch - 1, e);
  } finally {
    early?.dispose();
    schedule?.finish(history.length);
    if (plan.ownsOptimizer) plan.optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    stoppedEarly: stoppedEarly || (stop.requested && history.length < plan.epochs),
    samples,
    seconds,
    samplesPerSecond: samples / seconds,
    path: runner.path,
    ...(interrupted ? { interrupted } : {}),
    ...(resumed ? { resumedAfter: resumed.position.epochsDone } : {}),
  };
  return history.history(restoredEpoch === undefined ? summary : { ...summary, restoredEpoch });
}

/** The fused host path where the backend and network allow it (it has no per-batch callback), else the per-operation path. */
function epochRunner(network: Network, plan: FitPlan, stop: StopSignal): EpochRunner {
  const host = plan.path !== 'ops' && !plan.callbacks.onBatchEnd ? HostTrainer.tryCreate(network, plan.optimizer, plan.batchSize, { clip: plan.clip, dropout: plan.dropout }) : undefined;
  return host ? new HostEpochRunner(host, plan) : new OpsEpochRunner(network, plan, stop);
}

/** Resolves after the event loop has had a turn (a macrotask), so that signal handlers and timers run. */
function nextTask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
