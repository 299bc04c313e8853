import { describe, expect, it } from 'vitest';
import { HistoryLog } from './history-log.js';

describe('HistoryLog', () => {
  it('turns spans and single epochs into records in order, once', () => {
    const log = new HistoryLog();
    log.addSpan(1, Float64Array.of(0.5, 0.25), 0.1, 0.002);
    log.addEpoch({ epoch: 3, loss: 0.2, learningRate: 0.05, valLoss: 0.3, seconds: 0.01 });
    log.addSpan(4, [0.125], 0.05, 0.001);
    expect(log.length).toBe(4);
    const history = log.history({ stoppedEarly: false, samples: 16, seconds: 1, samplesPerSecond: 16, path: 'host' });
    expect(history.epochs).toEqual([
      { epoch: 1, loss: 0.5, learningRate: 0.1, seconds: 0.002 },
      { epoch: 2, loss: 0.25, learningRate: 0.1, seconds: 0.002 },
      { epoch: 3, loss: 0.2, learningRate: 0.05, valLoss: 0.3, seconds: 0.01 },
      { epoch: 4, loss: 0.125, learningRate: 0.05, seconds: 0.001 },
    ]);
    expect(history.epochs).toBe(history.epochs);
    // A plain object to JSON and structured clone (a worker posting its history), epochs included.
    expect(JSON.parse(JSON.stringify(history))).toMatchObject({ path: 'host', epochs: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }, { epoch: 4 }] });
    expect(structuredClone(history).epochs).toHaveLength(4);
  });

  it('builds a long history on first read, the same records as a short one would hold', () => {
    const log = new HistoryLog();
    const losses = Float64Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    log.addSpan(1, losses, 0.1, 0.001);
    const history = log.history({ stoppedEarly: false, samples: 1000, seconds: 1, samplesPerSecond: 1000, path: 'host' });
    expect(typeof Object.getOwnPropertyDescriptor(history, 'epochs')?.get).toBe('function');
    expect(history.epochs).toHaveLength(1000);
    expect(history.epochs[999]).toEqual({ epoch: 1000, loss: 0.001, learningRate: 0.1, seconds: 0.001 });
    expect(history.epochs).toBe(history.epochs);
    expect((JSON.parse(JSON.stringify(history)) as { epochs: unknown[] }).epochs).toHaveLength(1000);
    expect(structuredClone(history).epochs).toHaveLength(1000);
    expect({ ...history }.epochs).toBe(history.epochs);
  });
});
