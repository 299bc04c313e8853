// Runs the built matmul benchmark: `pnpm bench` builds first (tsc -p tsconfig.build.json).
import { main } from '../dist/bench/matmul-bench.js';

await main(process.argv.slice(2));
