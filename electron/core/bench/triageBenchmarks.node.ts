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

/** The 100k messages are timed in batches of this many; the median batch decides the figure. */
const BATCH = 10_000;

/**
 * Messages per second over all the messages, from the median time per batch, so a moment
 * when the machine is busy with something else (or a GC) does not decide the figure.
 */
function messagesPerSecond(messages: readonly string[], classify: (text: string) => unknown): number {
  const batchTimes: number[] = [];
  for (let from = 0; from < messages.length; from += BATCH) {
    const batch = messages.slice(from, from + BATCH);
    const start = performance.now();
    for (const message of batch) classify(message);
    batchTimes.push((performance.now() - start) / batch.length);
  }
  batchTimes.sort((a, b) => a - b);
  const medianMsPerMessage = batchTimes[Math.floor(batchTimes.length / 2)] ?? Number.NaN;
  return 1000 / medianMsPerMessage;
}

/**
 * Triage throughput on one thread over 100k synthetic messages of 50–2,000 characters
 * (the median of ten batches of 10k), beside a naive keyword-list matcher measured on the
 * same messages in the same way in the same run.
 */
export const triageBenchmarks: Benchmark = {
  name: 'triage',
  async run() {
    // Each text copied into a string of its own, as the app's triage thread receives them
    // (postMessage copies every text): the generator's slices of a longer string are read
    // more slowly, character by character, than any text the engine is given in the app.
    const messages = syntheticMessages(MESSAGES, 20261123).map((text) => structuredClone(text));
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
