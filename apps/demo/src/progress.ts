/**
 * Epoch progress on stderr: a live bar (cli-progress) on a terminal; on a pipe or in a log, where
 * a bar would print control characters, a plain line every few epochs (at most about 20 lines).
 */
import cliProgress from 'cli-progress';

export interface EpochProgress {
  /** `testText`: what the second column shows, e.g. '96.50%' or a test loss. */
  update(epoch: number, loss: number, testText: string): void;
  stop(): void;
}

const PLAIN_LINES = 20;

export function createEpochProgress(totalEpochs: number, label: string, testLabel: string): EpochProgress {
  const stream = process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {value}/{total} epochs | loss {loss} | ${testLabel} {test} | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalEpochs, 0, { loss: '-', test: '-' });
    return {
      update: (epoch, loss, test) => bar.update(epoch, { loss: loss.toPrecision(4), test }),
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.ceil(totalEpochs / PLAIN_LINES));
  const started = performance.now();
  return {
    update(epoch, loss, test) {
      if (epoch % every !== 0 && epoch !== totalEpochs && epoch !== 1) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`${label} epoch ${epoch}/${totalEpochs}  loss ${loss.toPrecision(4)}  ${testLabel} ${test}  ${seconds} s\n`);
    },
    stop: () => undefined,
  };
}
