/**
 * Ctrl-C (SIGINT) and SIGTERM during `backprop train --checkpoint`: the run stops after the
 * current epoch, writes its checkpoint, says how to resume and exits 130/143; the resume ends
 * bit-identical to a run never stopped. A second Ctrl-C stops at once, leaving a whole
 * checkpoint. Resuming with another learning rate is refused naming it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointEvery } from './checkpoint-flags.js';
import { lossesOf, modelWeights, nextWrite, readCheckpoint, startCli } from './cli-run.js';
import { resumeCommand } from './interrupt.js';

const base = ['train', '--dataset', 'iris', '--backend', 'js', '--epochs', '150', '--seed', '2', '--no-chart', '--json'];

describe('backprop train --checkpoint under signals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-signals-'));
  const reference = (async () => {
    const run = await startCli([...base, '--out', join(dir, 'reference.json')]).done;
    expect(run.code, run.stderr).toBe(0);
    return { losses: lossesOf(run.stdout), weights: modelWeights(join(dir, 'reference.json')) };
  })();

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops after the epoch with a checkpoint, exits %i, and the resume ends bit-identical', async (signal, code) => {
    const checkpoint = join(dir, `${signal}.ckpt.json`);
    const model = join(dir, `${signal}.model.json`);
    const args = [...base, '--checkpoint', checkpoint, '--out', model];
    const running = startCli(args);
    expect(await nextWrite(checkpoint, undefined, running)).toBe(true);
    running.child.kill(signal);
    const stopped = await running.done;
    expect(stopped.code, stopped.stderr).toBe(code);
    expect(stopped.stderr).toMatch(new RegExp(`${signal}: stopped after epoch (\\d+) of 150; checkpoint ${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(stopped.stderr).toContain(`to resume: backprop ${args.join(' ')} --resume ${checkpoint}`);
    const done = Number(/stopped after epoch (\d+)/.exec(stopped.stderr)![1]);
    expect(readCheckpoint(checkpoint).position.epochsDone).toBe(done);
    expect(JSON.parse(stopped.stdout)).toEqual({ command: 'train', interrupted: { signal, epochsDone: done, epochs: 150, checkpoint, resume: `backprop ${args.join(' ')} --resume ${checkpoint}` } });
    expect(done).toBeLessThan(150);
    const resumed = await startCli([...args, '--resume', checkpoint]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const ref = await reference;
    expect(lossesOf(resumed.stdout)).toEqual(ref.losses);
    expect(modelWeights(model)).toBe(ref.weights);
  });

  it('a second Ctrl-C stops at once and leaves a whole checkpoint; another --lr is refused on resume', async () => {
    const checkpoint = join(dir, 'twice.ckpt.json');
    // A wide network (~1.1 million parameters, batch 1): epochs and checkpoint writes long enough for a second signal to land in them.
    const args = [...base, '--layers', '1024,1024', '--batch-size', '1', '--checkpoint', checkpoint];
    const running = startCli(args);
    expect(await nextWrite(checkpoint, undefined, running)).toBe(true);
    running.child.kill('SIGINT');
    // The first is handled at the end of the epoch; the second, sent once it was, stops at once.
    running.child.stderr!.on('data', (s: string) => void (s.includes('SIGINT: stopping after this epoch') && running.child.kill('SIGINT')));
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT again: stopping now; the last checkpoint written is intact/);
    expect(stopped.stderr).not.toMatch(/to resume:/);
    expect(readCheckpoint(checkpoint).position.epochsDone).toBeGreaterThan(0);
    const other = await startCli([...args, '--lr', '0.02', '--resume', checkpoint]).done;
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/resume: the checkpoint was written by a run with another options: options\.optimizer\.lr \(checkpoint 0\.01, now 0\.02\)/);
  });

  it('refuses --checkpoint-every alone, and checkpoints of a dataset trained one fit per epoch (mnist), with exit 2', async () => {
    const alone = await startCli(['train', '--dataset', 'iris', '--backend', 'js', '--checkpoint-every', '5']).done;
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--checkpoint-every needs --checkpoint/);
    const mnist = await startCli(['train', '--dataset', 'mnist', '--backend', 'js', '--limit', '100', '--epochs', '1', '--checkpoint', join(dir, 'mnist.json')]).done;
    expect(mnist.code).toBe(2);
    expect(mnist.stderr).toMatch(/--checkpoint and --resume need a dataset trained in one fit call/);
  });

  it('a table\'s checkpoint keeps its preprocessing; resuming with flags that preprocess otherwise is refused (exit 3)', async () => {
    const csv = join(dir, 'table.csv');
    const lines = ['a,b,color,label'];
    for (let i = 0; i < 80; i++) lines.push(`${(i * 7) % 13},${(i * 3) % 5 / 2},${['red', 'green', 'blue'][i % 3]},${i % 4 < 2 ? 'yes' : 'no'}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const checkpoint = join(dir, 'table.ckpt.json');
    const args = ['train', '--data', csv, '--target', 'label', '--backend', 'js', '--epochs', '3', '--no-chart', '--checkpoint', checkpoint];
    const run = await startCli(args).done;
    expect(run.code, run.stderr).toBe(0);
    const saved = readCheckpoint(checkpoint) as unknown as { position: { epochsDone: number }; meta: { backpropTrain: { preprocessing: { inputNames?: string[] } } } };
    expect(saved.position.epochsDone).toBe(3);
    expect(JSON.stringify(saved.meta.backpropTrain.preprocessing)).toContain('color');
    const other = await startCli([...args, '--normalize', 'minmax', '--resume', checkpoint]).done;
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/was written with other preprocessing/);
    const same = await startCli([...args, '--epochs', '5', '--resume', checkpoint]).done;
    expect(same.code, same.stderr).toBe(0);
  });

  it('reads --checkpoint-every and builds the resume command', () => {
    expect(checkpointEvery('5')).toEqual({ epochs: 5 });
    expect(checkpointEvery('30s')).toEqual({ seconds: 30 });
    expect(() => checkpointEvery('0')).toThrow(/number of epochs \(5\) or of seconds \(30s\)/);
    expect(() => checkpointEvery('5m')).toThrow(/number of epochs/);
    expect(resumeCommand(['train', '--data', 'my file.csv', '--resume', 'old.json'], 'c.json')).toBe("backprop train --data 'my file.csv' --resume c.json");
  });
});
