/**
 * Runs one benchmark group in a process of its own and sends its figures to the parent
 * (see runIsolated in benchmarks.node.ts): a group that leaves a big heap or native memory
 * behind (the search group's 20k notes leave about a gigabyte) does not slow the next.
 */
import { allBenchmarks } from './benchmarks.node.ts';
import type { BenchResult } from './runner.node.ts';

export type BenchProcessMessage = { results: BenchResult[] } | { error: string };

const send = (message: BenchProcessMessage) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

const name = process.argv[2];
const bench = allBenchmarks.find((candidate) => candidate.name === name);
try {
  if (bench === undefined) throw new Error(`There is no benchmark group "${String(name)}".`);
  await send({ results: await bench.run() });
} catch (error) {
  await send({ error: error instanceof Error ? error.message : String(error) });
}
process.disconnect?.();
