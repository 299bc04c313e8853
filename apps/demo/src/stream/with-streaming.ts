/**
 * `backprop train` with streaming: adds --stream and --shuffle-buffer to the train command and
 * sends a --data file over the streaming threshold (or any with --stream) to the streamed path
 * (stream-train.ts); everything else goes to the in-memory train as before.
 */
import { Command, Option } from 'commander';
import { runTrain } from '../commands/train.js';
import { positiveInt } from '../commands/options.js';
import { shouldStream, STREAM_THRESHOLD_BYTES } from '../commands/train-data.js';
import { DEFAULT_SHUFFLE_BUFFER, runStreamTrain, type StreamTrainFlags } from './stream-train.js';

export function withStreaming(command: Command): Command {
  command
    .option('--stream', `with --data: stream the file from disk instead of reading it whole (the default for files over ${STREAM_THRESHOLD_BYTES / 2 ** 20} MiB): bounded memory, a progress bar with rows/s and ETA`)
    .addOption(new Option('--shuffle-buffer <rows>', `when streaming: rows in the seeded shuffle buffer (tf.data's shuffle; default ${DEFAULT_SHUFFLE_BUFFER})`).argParser(positiveInt));
  return command.action((flags: StreamTrainFlags) => (shouldStream(flags) ? runStreamTrain(flags) : runTrain(flags)));
}
