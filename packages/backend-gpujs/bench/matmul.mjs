// Runs the built matmul benchmark: `pnpm bench` builds first and gives it an X display.
import { main } from '../dist/bench/matmul-bench.js';

main(process.argv.slice(2));
