/**
 * The saved form of a fitted preprocessor: plain JSON, stored with a model (in its `meta`) so
 * that predicting applies exactly the steps training used. `readPreprocessing` validates every
 * field of a parsed value, since it comes from a file.
 *
 * {
 *   "format": "backprop-preprocessing", "version": 1, "task": "classification", "normalize": "standard",
 *   "features": [{ "name": "petal_length", "kind": "numeric", "center": 3.76, "scale": 1.76 },
 *                { "name": "island", "kind": "categorical", "categories": ["Biscoe", "Dream"] }],
 *   "target": { "name": "species", "kind": "classes", "classes": ["setosa", "versicolor", "virginica"] }
 * }
 *
 * A numeric value x becomes (x − center) / scale; a category becomes one input per listed
 * category (1 for its own, 0 for the others), in list order; features are laid out in list order.
 */
import { describeValue } from '@backprop/core';
import { DataError } from './errors.js';

export const PREPROCESSING_FORMAT = 'backprop-preprocessing';
export const PREPROCESSING_VERSION = 1;

export const NORMALIZATIONS = ['standard', 'minmax', 'none'] as const;
/** standard: (x − mean) / standard deviation; minmax: (x − min) / (max − min); none: x as is. */
export type Normalization = (typeof NORMALIZATIONS)[number];

export const TASKS = ['classification', 'regression'] as const;

export const MISSING_POLICIES = ['error', 'drop', 'mean', 'median', 'mode'] as const;
/**
 * What an empty feature cell becomes. error: an error naming it (the default); drop: the row is
 * left out (at training and at prediction); mean / median: the training rows' mean / median of
 * a numeric column; mode: its most frequent value. A categorical column is filled with its mode
 * under mean and median too. A row with an empty target is left out of training unless `error`.
 */
export type MissingPolicy = (typeof MISSING_POLICIES)[number];
export type Task = (typeof TASKS)[number];

export interface NumericFeature {
  readonly name: string;
  readonly kind: 'numeric';
  readonly center: number;
  readonly scale: number;
  /** The value an empty cell takes (in the column's units), under missing mean/median/mode. */
  readonly fill?: number;
}

export interface CategoricalFeature {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  /** The category an empty cell takes, under missing mean/median/mode. */
  readonly fill?: string;
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

/** A classification target: one output per class, in this order. */
export interface ClassTarget {
  readonly name: string;
  readonly kind: 'classes';
  readonly classes: readonly string[];
}

/** A regression target: the network predicts (y − center) / scale. */
export interface NumericTarget {
  readonly name: string;
  readonly kind: 'numeric';
  readonly center: number;
  readonly scale: number;
}

export interface PreprocessingJSON {
  readonly format: typeof PREPROCESSING_FORMAT;
  readonly version: number;
  readonly task: Task;
  readonly normalize: Normalization;
  /** Empty cells; absent in files written before it existed, meaning 'error'. */
  readonly missing?: MissingPolicy;
  readonly features: readonly FeatureSpec[];
  readonly target: ClassTarget | NumericTarget;
}

const OP = 'readPreprocessing';

function fail(detail: string): never {
  throw new DataError(OP, detail);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nameOf(v: Record<string, unknown>, where: string): string {
  if (typeof v.name !== 'string' || v.name === '') fail(`${where}.name must be a non-empty string, got ${describeValue(v.name)}`);
  return v.name;
}

function scaling(v: Record<string, unknown>, where: string): { center: number; scale: number } {
  if (typeof v.center !== 'number' || !Number.isFinite(v.center)) fail(`${where}.center must be a finite number, got ${describeValue(v.center)}`);
  if (typeof v.scale !== 'number' || !Number.isFinite(v.scale) || v.scale <= 0) fail(`${where}.scale must be a finite number > 0, got ${describeValue(v.scale)}`);
  return { center: v.center, scale: v.scale };
}

function labels(v: unknown, where: string, min: number): string[] {
  if (!Array.isArray(v) || v.length < min || v.some((c) => typeof c !== 'string')) fail(`${where} must be an array of at least ${min} strings, got ${describeValue(v)}`);
  const list = v as string[];
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c)) fail(`${where} lists ${JSON.stringify(c)} twice`);
    seen.add(c);
  }
  return list;
}

function feature(v: unknown, i: number): FeatureSpec {
  const where = `features[${i}]`;
  if (!isObject(v)) fail(`${where} must be an object, got ${describeValue(v)}`);
  const name = nameOf(v, where);
  if (v.kind === 'numeric') {
    if (v.fill !== undefined && (typeof v.fill !== 'number' || !Number.isFinite(v.fill))) fail(`${where}.fill must be a finite number, got ${describeValue(v.fill)}`);
    return { name, kind: 'numeric', ...scaling(v, where), ...(v.fill !== undefined ? { fill: v.fill } : {}) };
  }
  if (v.kind === 'categorical') {
    const categories = labels(v.categories, `${where}.categories`, 1);
    if (v.fill !== undefined && (typeof v.fill !== 'string' || !categories.includes(v.fill))) fail(`${where}.fill must be one of its categories, got ${describeValue(v.fill)}`);
    return { name, kind: 'categorical', categories, ...(v.fill !== undefined ? { fill: v.fill } : {}) };
  }
  return fail(`${where}.kind must be 'numeric' or 'categorical', got ${describeValue(v.kind)}`);
}

/** Validates a parsed preprocessing object (from a model file) and returns it typed. Throws DataError naming the bad field. */
export function readPreprocessing(value: unknown): PreprocessingJSON {
  if (!isObject(value)) fail(`expected a preprocessing object, got ${describeValue(value)}`);
  if (value.format !== PREPROCESSING_FORMAT) fail(`format must be '${PREPROCESSING_FORMAT}', got ${describeValue(value.format)}`);
  if (value.version !== PREPROCESSING_VERSION) fail(`version ${describeValue(value.version)} is not supported; this library reads version ${PREPROCESSING_VERSION}`);
  if (!TASKS.includes(value.task as Task)) fail(`task must be one of ${TASKS.join(', ')}, got ${describeValue(value.task)}`);
  if (!NORMALIZATIONS.includes(value.normalize as Normalization)) fail(`normalize must be one of ${NORMALIZATIONS.join(', ')}, got ${describeValue(value.normalize)}`);
  if (value.missing !== undefined && !MISSING_POLICIES.includes(value.missing as MissingPolicy)) fail(`missing must be one of ${MISSING_POLICIES.join(', ')}, got ${describeValue(value.missing)}`);
  if (!Array.isArray(value.features) || value.features.length === 0) fail(`features must be a non-empty array, got ${describeValue(value.features)}`);
  const features = value.features.map(feature);
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) fail(`features lists column ${JSON.stringify(f.name)} twice`);
    names.add(f.name);
  }
  if (!isObject(value.target)) fail(`target must be an object, got ${describeValue(value.target)}`);
  const t = value.target;
  const targetName = nameOf(t, 'target');
  if (names.has(targetName)) fail(`target column ${JSON.stringify(targetName)} is also a feature`);
  const task = value.task as Task;
  let target: ClassTarget | NumericTarget;
  if (task === 'classification') {
    if (t.kind !== 'classes') fail(`a classification target must have kind 'classes', got ${describeValue(t.kind)}`);
    target = { name: targetName, kind: 'classes', classes: labels(t.classes, 'target.classes', 2) };
  } else {
    if (t.kind !== 'numeric') fail(`a regression target must have kind 'numeric', got ${describeValue(t.kind)}`);
    target = { name: targetName, kind: 'numeric', ...scaling(t, 'target') };
  }
  const missing = value.missing as MissingPolicy | undefined;
  if (missing === 'mean' || missing === 'median' || missing === 'mode') {
    const unfilled = features.find((f) => f.fill === undefined);
    if (unfilled) fail(`features: column ${JSON.stringify(unfilled.name)} has no fill value, which missing '${missing}' needs`);
  }
  return { format: PREPROCESSING_FORMAT, version: PREPROCESSING_VERSION, task, normalize: value.normalize as Normalization, ...(missing !== undefined ? { missing } : {}), features, target };
}
