import { performance } from 'node:perf_hooks';
import { analyseEmotions } from '../../../shared/emotions/analyseEmotions.std.ts';
import { parseEmotionModel } from '../../../shared/emotions/emotionModel.std.ts';
import { shippedEmotionModelFile } from '../emotions/shippedEmotionModel.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round, withBaseline } from './runner.node.ts';

const FRAGMENTS = [
  'Thank you so much for yesterday, the session really helped me see things differently.',
  "I'm so scared about tomorrow's interview and I can't sleep.",
  'Honestly I am furious that they rejected my application without even reading it!!',
  'Not sure what to do next, maybe retrain as a nurse?',
  'My mum passed away last spring and I still find it hard to focus on the job search 😢',
  'Got the apprenticeship 🎉🎉 can you believe it',
  'The childcare costs make part-time work pointless, which is disappointing.',
  'I wonder whether the visa rules changed, do you know?',
  'Ｆｕｌｌ-width text, naïve café résumé, emoji 👍🏽 and :) should all be fine.',
  'It is what it is. I will send the CV on Monday.',
];

/** A seeded mix of short and long messages (a few hundred characters to several thousand). */
function syntheticCorpus(): string[] {
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  return Array.from({ length: 300 }, () => {
    const sentences = 1 + Math.floor(random() ** 3 * 60);
    return Array.from({ length: sentences }, () => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]).join(
      ' ',
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function medianMs(operation: () => unknown, runs: number): number {
  operation();
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    operation();
    timings.push(performance.now() - started);
  }
  return median(timings);
}

/**
 * emotions.load_ms: JSON.parse + validate + decode the shipped model, what the bundled core
 * does when it first loads it (the bundle holds the model as one JSON string); baseline:
 * JSON.parse only. emotions.ms_per_1k_chars: analyseEmotions over a varied
 * corpus (baseline: lower-casing and splitting on whitespace, the least a tokeniser does).
 */
export const emotionBenchmarks: Benchmark = {
  name: 'emotions',
  run() {
    const modelText = JSON.stringify(shippedEmotionModelFile);
    const loadMs = medianMs(() => parseEmotionModel(JSON.parse(modelText)), 9);
    const parseOnlyMs = medianMs(() => JSON.parse(modelText), 9);

    const model = parseEmotionModel(JSON.parse(modelText));
    const corpus = syntheticCorpus();
    const thousands = corpus.reduce((sum, text) => sum + text.length, 0) / 1000;
    const analyseMs = medianMs(() => corpus.map((text) => analyseEmotions(model, text)), 7);
    const splitMs = medianMs(() => corpus.map((text) => text.toLowerCase().split(/\s+/)), 7);
    return Promise.resolve([
      withBaseline({ name: 'emotions.load_ms', value: round(loadMs), unit: 'ms' }, parseOnlyMs),
      withBaseline(
        { name: 'emotions.ms_per_1k_chars', value: round(analyseMs / thousands), unit: 'ms' },
        splitMs / thousands,
      ),
    ]);
  },
};
