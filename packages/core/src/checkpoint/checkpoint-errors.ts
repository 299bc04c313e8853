/**
 * The errors of checkpoints: a file that cannot be read or is damaged (CheckpointFormatError, a
 * ModelFormatError naming the field), and a resume whose network, data or options differ from
 * what the checkpoint recorded (CheckpointMismatchError, naming each difference).
 */
import { BackpropError, describeValue, ModelFormatError } from '../errors.js';

/** A checkpoint file that is missing, truncated, damaged or of another version; `detail` names the field. */
export class CheckpointFormatError extends ModelFormatError {
  override name = 'CheckpointFormatError';
  constructor(detail: string, operation = 'resume') {
    super(detail, operation);
  }
}

/** One field that differs between a checkpoint and the run resuming from it. */
export interface CheckpointDifference {
  /** 'network', 'data' or 'options', then the field: 'options.optimizer.lr', 'data.x.sample'. */
  readonly field: string;
  readonly checkpoint: unknown;
  readonly now: unknown;
}

/** Resuming with another network, other data or other options than the checkpoint's run. */
export class CheckpointMismatchError extends BackpropError {
  override name = 'CheckpointMismatchError';
  constructor(readonly differences: readonly CheckpointDifference[]) {
    const shown = differences.slice(0, 4).map((d) => `${d.field} (checkpoint ${show(d.checkpoint)}, now ${show(d.now)})`);
    const more = differences.length > 4 ? `, and ${differences.length - 4} more` : '';
    const kinds = [...new Set(differences.map((d) => d.field.split('.')[0]))].join(', ');
    super('resume', `the checkpoint was written by a run with another ${kinds}: ${shown.join('; ')}${more}. Resume with the same network, data and options, or start afresh without resumeFrom`);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'none';
  const text = typeof v === 'object' || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? JSON.stringify(v) : describeValue(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
