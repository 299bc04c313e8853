/**
 * Entry point of the child processes that `bench`, `doctor` and `auto` start, one per backend
 * (see child/protocol.ts). Not a user command: the task comes as JSON in argv[2].
 */
import { bench } from './child/bench-work.js';
import { probe } from './child/probe.js';
import { ANSWER_MARKER, type ChildTask } from './child/protocol.js';

async function answer(task: ChildTask): Promise<unknown> {
  switch (task.kind) {
    case 'probe':
      return probe(task.choice);
    case 'bench':
      return bench(task.choice, task.plans, task.runs, task.maxRunSeconds);
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
const result = await answer(task);
// Some engines keep worker threads or GL contexts alive: once the answer is out, end the process.
process.stdout.write('\n' + ANSWER_MARKER + JSON.stringify(result) + '\n', () => process.exit(0));
