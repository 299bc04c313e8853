// Runs the built training benchmark: `pnpm bench:train` builds this package and gives it an X
// display; @backprop/conformance and @backprop/backend-js must be built (`pnpm build` at the root).
import { main } from '../dist/bench/train-bench.js';

await main(process.argv.slice(2));
