/**
 * Progress of a streamed epoch on stderr: rows done of the epoch's rows, rows/s and the ETA of
 * the epoch. A live bar (cli-progress, as progress.ts) on a terminal; on a pipe or in a log a
 * plain line every 10 seconds and at each epoch's end.
 */
import cliProgress from 'cli-progress';

export interface RowProgress {
  /** Rows trained so far in `epoch`. */
  rows(epoch: number, rows: number): void;
  /** The epoch ended with this mean loss. */
  epochEnd(epoch: number, loss: number, rowsPerSecond: number): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 10_000;

function etaText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createRowProgress(epochs: number, rowsPerEpoch: number, label: string, stream: NodeJS.WriteStream = process.stderr): RowProgress {
  let epochStarted = performance.now();
  let current = 0;
  const rate = (rows: number): number => rows / Math.max(1e-9, (performance.now() - epochStarted) / 1000);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${label} epoch {epoch}/${epochs} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {left} | loss {loss}`, hideCursor: true, clearOnComplete: false, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      rows(epoch, rows) {
        if (epoch !== current) {
          current = epoch;
          epochStarted = performance.now();
          if (!started) bar.start(rowsPerEpoch, 0, { epoch, speed: '-', left: '-', loss: '-' });
          started = true;
        }
        const speed = rate(rows);
        bar.update(rows, { epoch, speed: Math.round(speed).toLocaleString('en-US'), left: etaText((rowsPerEpoch - rows) / speed) });
      },
      epochEnd(epoch, loss, speed) {
        bar.update(rowsPerEpoch, { epoch, loss: loss.toPrecision(4), speed: Math.round(speed).toLocaleString('en-US'), left: '0s' });
        current = 0;
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  return {
    rows(epoch, rows) {
      if (epoch !== current) {
        current = epoch;
        epochStarted = lastLine = performance.now();
      }
      if (performance.now() - lastLine < PLAIN_EVERY_MS) return;
      lastLine = performance.now();
      const speed = rate(rows);
      stream.write(`${label} epoch ${epoch}/${epochs}  ${rows.toLocaleString('en-US')}/${rowsPerEpoch.toLocaleString('en-US')} rows  ${Math.round(speed).toLocaleString('en-US')} rows/s  ETA ${etaText((rowsPerEpoch - rows) / speed)}\n`);
    },
    epochEnd(epoch, loss, speed) {
      stream.write(`${label} epoch ${epoch}/${epochs}  loss ${loss.toPrecision(4)}  ${Math.round(speed).toLocaleString('en-US')} rows/s\n`);
      current = 0;
    },
    stop: () => undefined,
  };
}
