import { emotionBenchmarks } from './emotionBenchmarks.node.ts';
import { exchangeBenchmarks } from './exchangeBenchmarks.node.ts';
import { messageBenchmarks } from './messageBenchmarks.node.ts';
import { rpcBenchmarks } from './rpcBenchmarks.node.ts';
import type { Benchmark } from './runner.node.ts';
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
