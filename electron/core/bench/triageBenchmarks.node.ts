import { performance } from 'node:perf_hooks';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import type { Benchmark } from './runner.node.ts';
import { round, withBaseline } from './runner.node.ts';
import { NAIVE_KEYWORDS, syntheticMessages } from './syntheticMessages.node.ts';

const MESSAGES = 100_000;

/** The naive alternative the engine is compared with: a keyword list and includes(). */
function naiveKeywordTier(text: string): number {
  const lower = text.toLowerCase();
  let hits = 0;
  for (const keyword of NAIVE_KEYWORDS) if (lower.includes(keyword)) hits++;
  return hits;
}

function messagesPerSecond(messages: readonly string[], classify: (text: string) => unknown): number {
  const start = performance.now();
  for (const message of messages) classify(message);
  return messages.length / ((performance.now() - start) / 1000);
}

/**
 * Triage throughput on one thread over 100k synthetic messages of 50–2,000 characters,
 * beside a naive keyword-list matcher measured on the same messages in the same run.
 */
export const triageBenchmarks: Benchmark = {
  name: 'triage',
  async run() {
    const messages = syntheticMessages(MESSAGES, 20261123);
    const engine = defaultTriageEngine();
    // Warm both up so the JIT has compiled them before timing.
    for (const message of messages.slice(0, 2000)) {
      engine.triage(message);
      naiveKeywordTier(message);
    }
    const baseline = messagesPerSecond(messages, naiveKeywordTier);
    const engineRate = messagesPerSecond(messages, (text) => engine.triage(text));
    const characters = messages.reduce((sum, message) => sum + message.length, 0);
    return [
      withBaseline({ name: 'triage.msgs_per_s', value: round(engineRate), unit: 'msg/s' }, baseline),
      { name: 'triage.baseline_msgs_per_s', value: round(baseline), unit: 'msg/s' },
      { name: 'triage.mean_message_chars', value: round(characters / messages.length), unit: 'chars' },
    ];
  },
};
