/** The page: wires the controls, the backend check, the two lanes, the curves and the files. */
import './style.css';
import { VARIANTS } from './backends/variants.js';
import { isDatasetName, loadDataset, type Dataset } from './data/index.js';
import type { TrainConfig } from './training/config.js';
import { BackendChoice, NO_SECOND_LANE } from './ui/backend-choice.js';
import { Curves } from './ui/curves.js';
import { byId } from './ui/dom.js';
import { runDoctor } from './ui/doctor-runner.js';
import { downloadText, readChosenFile } from './ui/files.js';
import { Controls } from './ui/form.js';
import { Lane } from './ui/lane.js';

const controls = new Controls();
const backends = new BackendChoice();
const curves = new Curves(byId('loss-chart', HTMLDivElement), byId('accuracy-chart', HTMLDivElement));
const laneA = new Lane('a', byId('lane-a', HTMLElement), (lane, report) => curves.add(lane, report));
const laneB = new Lane('b', byId('lane-b', HTMLElement), (lane, report) => curves.add(lane, report));
const form = byId('controls', HTMLFormElement);
const trainButton = byId('train', HTMLButtonElement);
const stopButton = byId('stop', HTMLButtonElement);
const saveModelButton = byId('save-model', HTMLButtonElement);
const loadModelInput = byId('load-model', HTMLInputElement);
const savePointsButton = byId('save-points', HTMLButtonElement);
const errorLine = byId('form-error', HTMLParagraphElement);

function report(error: unknown): void {
  errorLine.textContent = error instanceof Error ? error.message : String(error);
}

function setRunning(running: boolean): void {
  trainButton.disabled = running;
  stopButton.disabled = !running;
  loadModelInput.disabled = running;
  saveModelButton.disabled = running || !['done', 'stopped', 'loaded'].includes(laneA.state);
}

async function chooseDataset(): Promise<Dataset> {
  const name = controls.dataset.value;
  if (!isDatasetName(name)) throw new Error(`unknown dataset '${name}'`);
  return loadDataset(name);
}

async function train(config: TrainConfig): Promise<void> {
  const dataset = await loadDataset(config.dataset);
  const second = backends.second.value;
  const lanes = second === NO_SECOND_LANE ? [laneA] : [laneA, laneB];
  const variants = [backends.first.value, second];
  laneB.show(lanes.length === 2);
  curves.reset(lanes.map((lane, i) => ({ id: lane.id, label: `${lane.id.toUpperCase()} ${variants[i]!}` })), dataset.test !== undefined);
  setRunning(true);
  try {
    await Promise.all(lanes.map((lane, i) => lane.train(variants[i]!, config, dataset)));
  } finally {
    setRunning(false);
  }
}

async function loadModel(): Promise<void> {
  const file = await readChosenFile(loadModelInput);
  loadModelInput.value = '';
  if (!file) return;
  let meta: { playgroundDataset?: unknown; trainConfig?: Partial<TrainConfig> } = {};
  try {
    meta = (JSON.parse(file.text) as { meta?: typeof meta }).meta ?? {};
  } catch {
    // Not JSON: the worker's loader says so, in core's words.
  }
  if (isDatasetName(meta.playgroundDataset) && meta.playgroundDataset !== controls.dataset.value) {
    controls.dataset.value = meta.playgroundDataset;
    controls.applyDefaults(await chooseDataset());
  }
  // The model brings its own network; the controls only show the settings it was trained with.
  if (meta.trainConfig) controls.applyConfig(meta.trainConfig);
  const dataset = await chooseDataset();
  laneB.show(false);
  curves.reset([], dataset.test !== undefined);
  setRunning(true);
  try {
    await laneA.load(backends.first.value, file.text, dataset);
  } finally {
    setRunning(false);
  }
}

async function saveModel(): Promise<void> {
  const text = await laneA.saveModel();
  downloadText(`backprop-${controls.dataset.value}-${backends.first.value.replace('/', '-')}.json`, text);
}

/** The training samples with class indices, in the form `backprop predict --input` reads. */
async function savePoints(): Promise<void> {
  const dataset = await chooseDataset();
  const { x, labels, rows } = dataset.train;
  const inputs = Array.from({ length: rows }, (_, r) => Array.from(x.subarray(r * dataset.inputSize, (r + 1) * dataset.inputSize)));
  downloadText(`${dataset.name}-points.json`, JSON.stringify({ inputs, targets: Array.from(labels) }));
}

async function checkBackends(): Promise<void> {
  const statuses = await runDoctor(VARIANTS, (sofar) => backends.progress(sofar.length, VARIANTS.length));
  backends.show(statuses);
  trainButton.disabled = !statuses.some((s) => s.ok);
  loadModelInput.disabled = trainButton.disabled;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  errorLine.textContent = '';
  let config: TrainConfig;
  try {
    config = controls.read();
  } catch (error) {
    report(error);
    return;
  }
  train(config).catch(report);
});
stopButton.addEventListener('click', () => [laneA, laneB].forEach((lane) => lane.stop()));
saveModelButton.addEventListener('click', () => void saveModel().catch(report));
loadModelInput.addEventListener('change', () => {
  errorLine.textContent = '';
  loadModel().catch(report);
});
savePointsButton.addEventListener('click', () => void savePoints().catch(report));
controls.dataset.addEventListener('change', () => {
  chooseDataset()
    .then((d) => controls.applyDefaults(d))
    .catch(report);
});

controls.dataset.value = 'spirals';
chooseDataset()
  .then((d) => controls.applyDefaults(d))
  .catch(report);
checkBackends().catch((error: unknown) => backends.showFailure(error instanceof Error ? error.message : String(error)));
