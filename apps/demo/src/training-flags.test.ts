/** The training-feature flags of `train`, through the built CLI: parsed, passed to fit, saved in the model. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from './training-flags.js';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from './test-support/run-cli.js';

describe('training features as flags', () => {
  it('--help describes each one', async () => {
    const help = await runCli(['train', '--help']);
    for (const flag of ['--dropout <rate>', '--weight-decay', '--clip-value', '--clip-norm', '--lr-schedule <spec>', '--early-stopping <patience>', '--restore-best-weights', '--validation-split']) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('reach fit and are saved in the model (meta.training)', async () => {
    const dir = scratchDir();
    const csv = join(dir, 'xy.csv');
    const lines = ['a,b,y'];
    for (let i = 0; i < 300; i++) lines.push(`${i % 17},${(i * 7) % 11},${((i % 17) * 2 + ((i * 7) % 11)) % 3 === 0 ? 'p' : 'q'}`);
    writeFileSync(csv, lines.join('\n'));
    const model = join(dir, 'm.json');
    const run = await runCli([
      'train', '--data', csv, '--target', 'y', '--epochs', '200', '--no-chart', '--json', '--out', model,
      '--dropout', '0.1', '--weight-decay', '0.001', '--optimizer', 'adamw', '--clip-norm', '1', '--clip-value', '5',
      '--lr-schedule', 'step:5:0.5', '--early-stopping', '3', '--restore-best-weights', '--validation-split', '0.25',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ settings: Record<string, unknown>; stoppedEarly: boolean; restoredEpoch: number | null; history: unknown[] }>(run);
    expect(doc.settings).toMatchObject({ dropout: 0.1, weightDecay: 0.001, clipNorm: 1, clipValue: 5, schedule: { kind: 'step', every: 5, factor: 0.5 }, earlyStopping: { patience: 3, monitor: 'valLoss', restoreBestWeights: true }, validationSplit: 0.25 });
    // The step schedule halves the rate every 5 epochs: 200 epochs never run with patience 3.
    expect(doc.stoppedEarly).toBe(true);
    expect(doc.history.length).toBeLessThan(200);
    expect(doc.restoredEpoch).toBeGreaterThanOrEqual(1);
    const meta = (JSON.parse(readFileSync(model, 'utf8')) as { meta: { training: Record<string, unknown> } }).meta.training;
    expect(meta).toMatchObject({ dropout: 0.1, weightDecay: 0.001, clipNorm: 1, validationSplit: 0.25, stoppedEarly: true, optimizer: { kind: 'adamw', weightDecay: 0.001 } });
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { layers: { dropout?: number }[] };
    expect(JSON.stringify(saved)).toContain('"dropout":0.1');
  });

  it('refuse what cannot work, as usage errors (exit 2)', async () => {
    for (const [args, message] of [
      [['--dataset', 'mnist', '--lr-schedule', 'cosine'], "--lr-schedule does not apply to mnist's training"],
      [['--dataset', 'xor', '--lr-schedule', 'linear:3'], "--lr-schedule 'linear:3' is not a schedule"],
      [['--dataset', 'xor', '--restore-best-weights'], '--restore-best-weights needs --early-stopping <patience>'],
      [['--dataset', 'xor', '--dropout', '1'], "option '--dropout <rate>' argument '1' is invalid. must be a rate in [0, 1)"],
    ] as const) {
      const run = await runCli(['train', ...args, '--no-chart']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
      expect(looksLikeStackTrace(run.stderr)).toBe(false);
    }
  });

  it('parses schedules', () => {
    expect(parseSchedule('exponential:0.9', 10)).toEqual({ kind: 'exponential', factor: 0.9 });
    expect(parseSchedule('cosine:2:0.001', 10)).toEqual({ kind: 'cosine', epochs: 10, warmupEpochs: 2, minLr: 0.001 });
    expect(() => parseSchedule('cosine:10', 10)).toThrow('the warm-up (10) must be a whole number of epochs below --epochs (10)');
  });
});
