// Runs the matmul benchmark from the built package (see package.json "bench:matmul").
import { main } from '../dist/bench/matmul-bench.js';

await main();
