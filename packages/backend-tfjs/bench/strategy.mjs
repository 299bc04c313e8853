// Runs the paired matmul-strategy benchmark from the built package (see package.json "bench:strategy").
import { main } from '../dist/bench/strategy-bench.js';

await main();
