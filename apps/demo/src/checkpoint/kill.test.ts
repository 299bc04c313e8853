/**
 * The kill test: `backprop train --checkpoint` on js, wasm and tfjs's wasm engine is killed with
 * SIGKILL at seeded random moments (at least 20 kills in all, some in the middle of a checkpoint
 * write: a temporary file left beside it proves it), resumed each time, and ends bit-identical
 * (history and model weights) to a run never killed. After every kill the checkpoint on disk is
 * whole and the next run resumes from it (a full load: every field checked).
 *
 * Timing: each run is killed a random 0-60 ms after the first checkpoint it writes itself, so
 * that every kill lands in training (each run gets at least one epoch further) whatever the
 * machine's speed. Iris, checkpointed every epoch: most of the time goes to checkpoint writes.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@backprop/core';
import { describe, expect, it } from 'vitest';
import { fileVersion, leftoverTemps, lossesOf, modelWeights, nextWrite, readCheckpoint, startCli } from './cli-run.js';

const cases: [backend: string, kills: number, epochs: number][] = [
  ['js', 8, 120],
  ['wasm', 8, 120],
  ['tfjs/wasm', 5, 80],
];
let totalKills = 0;
let killsDuringWrite = 0;

describe('backprop train survives SIGKILL at random moments', () => {
  it.each(cases)('on %s: %i kills, each resumed, end bit-identical to a run never killed', async (backend, kills, epochs) => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-kill-'));
    const args = ['train', '--dataset', 'iris', '--backend', backend, '--epochs', String(epochs), '--seed', '4', '--no-chart', '--json'];
    const reference = await startCli([...args, '--out', join(dir, 'reference.json')]).done;
    expect(reference.code, reference.stderr).toBe(0);

    const checkpoint = join(dir, 'run.ckpt.json');
    const model = join(dir, 'model.json');
    const random = new Random(backend.length * 7919 + epochs);
    let killed = 0;
    let finished: Awaited<ReturnType<typeof startCli>['done']> | undefined;
    let lastDone = 0;
    while (!finished) {
      const resume = existsSync(checkpoint) ? ['--resume', checkpoint] : [];
      const running = startCli([...args, '--checkpoint', checkpoint, '--out', model, ...resume]);
      if (killed >= kills || !(await nextWrite(checkpoint, fileVersion(checkpoint), running))) {
        finished = await running.done;
        break;
      }
      await new Promise((r) => setTimeout(r, random.next() * 60));
      if (!running.child.kill('SIGKILL')) {
        finished = await running.done;
        break;
      }
      const ended = await running.done;
      if (ended.signal !== 'SIGKILL') {
        // It finished in the last milliseconds: that run is the last.
        finished = ended;
        break;
      }
      killed++;
      if (leftoverTemps(dir, 'run.ckpt.json').length > 0) killsDuringWrite++;
      // What is on disk after the kill is a whole checkpoint, at least as far as the last one.
      const done = readCheckpoint(checkpoint).position.epochsDone;
      expect(done).toBeGreaterThanOrEqual(lastDone);
      lastDone = done;
    }
    totalKills += killed;
    expect(finished.code, finished.stderr).toBe(0);
    expect(killed).toBeGreaterThanOrEqual(kills - 1);
    expect(lossesOf(finished.stdout)).toEqual(lossesOf(reference.stdout));
    expect(modelWeights(model)).toBe(modelWeights(join(dir, 'reference.json')));
    expect(leftoverTemps(dir, 'run.ckpt.json')).toEqual([]);
  });

  it('killed at least 20 times in all, some of them during a checkpoint write', () => {
    expect(totalKills).toBeGreaterThanOrEqual(20);
    expect(killsDuringWrite).toBeGreaterThan(0);
  });
});
