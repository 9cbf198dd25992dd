import { emotionBenchmarks } from './emotionBenchmarks.node.ts';
import { exchangeBenchmarks } from './exchangeBenchmarks.node.ts';
import { messageBenchmarks } from './messageBenchmarks.node.ts';
import { rpcBenchmarks } from './rpcBenchmarks.node.ts';
import { fork } from 'node:child_process';
import type { BenchProcessMessage } from './benchmarkProcess.node.ts';
import type { BenchResult, Benchmark } from './runner.node.ts';
import { searchBenchmarks } from './searchBenchmarks.node.ts';
import { storageBenchmarks, vaultBenchmarks } from './storageBenchmarks.node.ts';
import { triageBenchmarks } from './triageBenchmarks.node.ts';

/** Every benchmark `outpost bench` knows, in the order they print. */
export const allBenchmarks: readonly Benchmark[] = [
  rpcBenchmarks,
  vaultBenchmarks,
  storageBenchmarks,
  searchBenchmarks,
  triageBenchmarks,
  messageBenchmarks,
  emotionBenchmarks,
  exchangeBenchmarks,
];

const BENCHMARK_PROCESS = new URL('./benchmarkProcess.node.ts', import.meta.url);

/** One group's figures, measured in a fresh process with this one's Node and flags. */
function runInOwnProcess(name: string): Promise<BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(BENCHMARK_PROCESS, [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: BenchProcessMessage | undefined;
    child.on('message', (message) => {
      answer = message as BenchProcessMessage;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer !== undefined && 'results' in answer) resolve(answer.results);
      else
        reject(
          new Error(
            answer === undefined
              ? `The ${name} benchmarks ended (exit code ${String(code)}) without figures.`
              : `The ${name} benchmarks failed: ${answer.error}`,
          ),
        );
    });
  });
}

/**
 * The groups whose names start with `onlyPrefix` (all without one), in order, each in a
 * process of its own, so one group's leftovers do not weigh on the next one's figures.
 */
export async function runIsolated(onlyPrefix?: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const bench of allBenchmarks) {
    if (onlyPrefix === undefined || bench.name.startsWith(onlyPrefix))
      results.push(...(await runInOwnProcess(bench.name)));
  }
  return results;
}
