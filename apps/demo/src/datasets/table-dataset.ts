/**
 * A Dataset from a table of named columns (a CSV/JSON file given with --data, or iris): a
 * seeded split (stratified by class for a classification), preprocessing fitted on the training
 * rows only (@backprop/data), and network defaults that suit small tabular problems.
 */
import { dropIncomplete, inferTask, inspectTable, missingError, scanColumn, DataError, permuteRows, Preprocessor, rowCount, splitTable, type MissingPolicy, type Normalization, type Table, type Task } from '@backprop/data';
import type { Dataset, TrainingDefaults } from './dataset.js';
import { SPLIT_SEED } from './split.js';

export interface TableDatasetOptions {
  readonly name: string;
  readonly description: string;
  readonly target: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
  /** Omitted: inferred from the target column, and a note says so. */
  readonly task?: Task;
  readonly normalize?: Normalization;
  /** Empty cells: 'error' (the default), 'drop', 'mean', 'median', 'mode'. */
  readonly missing?: MissingPolicy;
  readonly testFraction?: number;
  readonly defaults?: Partial<TrainingDefaults>;
  readonly file?: string;
  /** The file was read with decimal commas (saved with the model for predict). */
  readonly decimalComma?: boolean;
  /** What one row is, for the split note: "rows", "flowers". */
  readonly rowNoun?: string;
}

export function tableDataset(input: Table, options: TableDatasetOptions): Dataset {
  const notes: string[] = [];
  const missing = options.missing ?? 'error';
  let table = input;
  if (missing !== 'error') {
    // A target cannot be filled in: its empty rows go under every policy; under 'drop', so do
    // rows with an empty feature.
    const features = options.features ?? table.columns.filter((c) => c !== options.target);
    const dropped = dropIncomplete(table, missing === 'drop' ? [...features, options.target] : [options.target]);
    if (dropped.dropped > 0) {
      table = dropped.table;
      const what = missing === 'drop' ? 'an empty cell' : 'an empty target';
      notes.push(`${dropped.dropped.toLocaleString('en-US')} rows with ${what} left out (--missing ${missing}), ${table.lines ? 'lines' : 'rows'} ${dropped.firstDropped.join(', ')}${dropped.dropped > dropped.firstDropped.length ? ', …' : ''}`);
    }
  } else {
    // Every empty cell of the whole file, counted before the split (not only the training part's).
    const columns = [...(options.features ?? table.columns.filter((c) => c !== options.target)), options.target].filter((c) => table.columns.includes(c));
    const holes = columns.map((c) => ({ column: c, scan: scanColumn(table, c) })).filter((h) => h.scan.missingCount > 0);
    if (holes.length > 0) {
      const first = missingError(table, holes[0]!.column, holes[0]!.scan, 'readTable');
      const others = holes.slice(1).map((h) => `${h.scan.missingCount.toLocaleString('en-US')} in ${JSON.stringify(h.column)}`);
      throw new DataError('readTable', `${first.message.replace(/^\w+: /, '')}${others.length > 0 ? `; also ${others.join(', ')}` : ''}`, first.location);
    }
  }
  let task = options.task;
  if (task === undefined) {
    const inferred = inferTask(table, options.target);
    task = inferred.task;
    notes.push(`task ${task}, inferred: ${inferred.reason} (--task to choose)`);
  }
  const inspection = inspectTable(table, { target: options.target, task, ...(options.features ? { features: options.features } : {}) });
  const testFraction = options.testFraction ?? 0.2;
  const classification = task === 'classification';
  // File order for preprocessing (memory read in sequence: several times faster at millions
  // of rows), then the matrices in the split's seeded order, the same rows as a shuffled split.
  const { train, test, trainOrder, testOrder } = splitTable(table, { testFraction, seed: SPLIT_SEED, order: 'file', ...(classification ? { stratifyBy: options.target } : {}) });
  const preprocessor = Preprocessor.fit(train, {
    missing,
    target: options.target,
    task,
    ...(options.features ? { features: options.features } : {}),
    ...(options.categorical ? { categorical: options.categorical } : {}),
    ...(options.normalize ? { normalize: options.normalize } : {}),
  });
  const trainX = permuteRows(preprocessor.transform(train), trainOrder!);
  // A category only the test rows have cannot be learnt: it gets all-zero inputs there, and a note.
  const testX = permuteRows(preprocessor.transform(test, { unknownCategory: 'zeros' }), testOrder!);
  if (testX.unknownCategories > 0) notes.push(`${testX.unknownCategories} test cells hold a category no training row has (encoded as all zeros)`);
  if (preprocessor.task === 'regression') {
    const t = preprocessor.toJSON().target as { center: number; scale: number };
    notes.push(`target ${JSON.stringify(options.target)} is learnt as (y − ${t.center.toPrecision(4)}) / ${t.scale.toPrecision(4)}; losses are in those units, predictions in the target's`);
  }
  const noun = options.rowNoun ?? 'rows';
  const percent = Math.round(testFraction * 100);
  return {
    name: options.name,
    description: options.description,
    task,
    inputSize: preprocessor.inputSize,
    outputSize: preprocessor.outputSize,
    train: { x: trainX.data, y: permuteRows(preprocessor.transformTarget(train), trainOrder!).data, rows: trainX.rows },
    test: { x: testX.data, y: permuteRows(preprocessor.transformTarget(test), testOrder!).data, rows: testX.rows },
    splitNote: `seeded${classification ? ' stratified' : ''} ${100 - percent}/${percent} split: ${rowCount(train).toLocaleString('en-US')} train / ${rowCount(test).toLocaleString('en-US')} test ${noun}; test ${noun} are never trained on, and preprocessing is fitted on the training ${noun} only`,
    defaults: {
      hidden: [32],
      activation: 'relu',
      outputActivation: classification ? 'softmax' : 'linear',
      loss: classification ? 'softmaxCrossEntropy' : 'mse',
      optimizer: 'adam',
      lr: 0.01,
      epochs: 100,
      batchSize: 16,
      ...options.defaults,
    },
    preprocessor,
    inspection,
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.decimalComma ? { read: { decimalComma: true } } : {}),
    notes,
  };
}
