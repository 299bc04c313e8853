// Runs the training benchmark from the built package (see package.json "bench").
import { main } from '../dist/bench/train-bench.js';

await main();
