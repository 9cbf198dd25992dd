import type { EmotionModel, Grouping, Sentiment } from './emotionModel.std.ts';
import { charNgramFeatures, visitFeatures } from './features.std.ts';

/** A word or phrase that pushed a detected label up, with offsets into the original text. */
export interface EmotionEvidence {
  start: number;
  end: number;
  text: string;
  label: string;
  /**
   * The word's or phrase's contribution to the label's log-odds: its own feature plus, for a
   * word, its character n-grams and shape (each feature counted once however often it occurs).
   */
  weight: number;
}

export interface EmotionAnalysis {
  /** GoEmotions labels at or above their thresholds; ["neutral"] when none is. */
  labels: string[];
  /** Probability of every label, 0..1, three decimals. */
  scores: Record<string, number>;
  /** Ekman groups (anger, disgust, fear, joy, sadness, surprise, neutral) at or above their thresholds; ["neutral"] when none is. */
  ekman: string[];
  sentiment: Sentiment;
  /** Strongest evidence first. */
  evidence: EmotionEvidence[];
  modelVersion: string;
}

/** Everything scoring a text yields, before thresholds are applied. */
export interface ScoredText {
  /** One probability per head (column of the weight matrix). */
  headProbabilities: Float64Array;
  /**
   * Per known feature row: its value before normalisation (1, or the character n-gram
   * weight) and the distinct units it is credited to in explanations: a word or bigram is
   * its own unit; a character n-gram or shape feature belongs to the word(s) it came from.
   */
  rows: Map<number, { value: number; units: string[] }>;
  /** Per unit (its feature text, "not_" included): where it occurs, end by start. */
  unitSpans: Map<string, Map<number, number>>;
  /**
   * The text's L2 normalisation: a present feature's value is its raw value (1, or the
   * character n-gram weight) times this, whatever the number of times it occurs.
   */
  normalisation: number;
}

/** Words or phrases shown per label; a word's character n-grams and shape count as that word. */
const EVIDENCE_UNITS_PER_LABEL = 5;
const EVIDENCE_SPANS_PER_UNIT = 3;
/** Contributions under this share of a label's strongest one ("the", "you") are noise to a reader. */
const EVIDENCE_MIN_SHARE = 0.2;

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Per model: a word's known character n-gram rows, by prefix + word. Bounded; cleared when full. */
const charRowCache = new WeakMap<EmotionModel, Map<string, Int32Array>>();
const CHAR_ROW_CACHE_SIZE = 50_000;

function knownCharRows(model: EmotionModel, word: string, prefix: string): Int32Array {
  let cache = charRowCache.get(model);
  if (cache === undefined) {
    cache = new Map();
    charRowCache.set(model, cache);
  }
  const key = prefix + word;
  let rows = cache.get(key);
  if (rows === undefined) {
    const known: number[] = [];
    for (const feature of charNgramFeatures(word, prefix, model.features.charNgrams ?? [])) {
      const row = model.featureRows.get(feature);
      if (row !== undefined) known.push(row);
    }
    rows = Int32Array.from(known);
    if (cache.size >= CHAR_ROW_CACHE_SIZE) cache.clear();
    cache.set(key, rows);
  }
  return rows;
}

export function scoreText(model: EmotionModel, text: string): ScoredText {
  const rows = new Map<number, { value: number; units: string[] }>();
  const unitSpans = new Map<string, Map<number, number>>();
  const placeUnit = (unit: string, start: number, end: number) => {
    const spans = unitSpans.get(unit);
    if (spans === undefined) unitSpans.set(unit, new Map([[start, end]]));
    else spans.set(start, end);
  };
  /** Words (prefix and unit) whose character n-grams this text already has: a repeat adds nothing. */
  const charWords = new Set<string>();
  const charWeight = model.features.charWeight ?? 1;
  visitFeatures(text, model.features, {
    feature(feature, start, end, unit) {
      if (unit !== undefined) placeUnit(unit, start, end);
      const row = model.featureRows.get(feature);
      if (row === undefined) return;
      const seen = rows.get(row);
      if (seen === undefined) rows.set(row, { value: 1, units: unit === undefined ? [] : [unit] });
      else if (unit !== undefined && !seen.units.includes(unit)) seen.units.push(unit);
    },
    charNgrams(word, prefix, start, end, unit) {
      placeUnit(unit, start, end);
      const key = `${prefix}\u0000${unit}`;
      if (charWords.has(key)) return;
      charWords.add(key);
      // Each (prefix, unit) comes here once, so a row's units stay distinct without a check.
      for (const row of knownCharRows(model, word, prefix)) {
        const seen = rows.get(row);
        if (seen === undefined) rows.set(row, { value: charWeight, units: [unit] });
        else seen.units.push(unit);
      }
    },
  });
  const { headCount, weights, scales, biases } = model;
  // Integer sums of the Int8 weights, words and character n-grams apart (their values differ).
  const wordSums = new Int32Array(headCount);
  const charSums = new Int32Array(headCount);
  let squares = 0;
  for (const [row, { value }] of rows) {
    squares += value * value;
    const sums = value === 1 ? wordSums : charSums;
    const offset = row * headCount;
    for (let head = 0; head < headCount; head++) {
      sums[head] = (sums[head] ?? 0) + (weights[offset + head] ?? 0);
    }
  }
  const normalisation = squares === 0 ? 0 : 1 / Math.sqrt(squares);
  const headProbabilities = Float64Array.from(wordSums, (sum, head) =>
    sigmoid(
      (biases[head] ?? 0) + (scales[head] ?? 0) * normalisation * (sum + charWeight * (charSums[head] ?? 0)),
    ),
  );
  return { headProbabilities, rows, unitSpans, normalisation };
}

export function labelProbabilities(model: EmotionModel, headProbabilities: Float64Array): Float64Array {
  return Float64Array.from(model.labelColumns, (column) => headProbabilities[column] ?? 0);
}

/** Per group: its head's probability, the max / noisy-or of its labels' probabilities, or a blend of head and noisy-or. */
export function groupProbabilities(
  grouping: Grouping,
  labelProbs: Float64Array,
  headProbabilities: Float64Array,
): Float64Array {
  return Float64Array.from(grouping.names, (_name, group) => {
    const members = grouping.memberLabels[group] ?? [];
    const head = () => headProbabilities[grouping.headColumns[group] ?? -1] ?? 0;
    const noisyOr = () => 1 - members.reduce((none, label) => none * (1 - (labelProbs[label] ?? 0)), 1);
    switch (grouping.scoring) {
      case 'head':
        return head();
      case 'max':
        return Math.max(...members.map((label) => labelProbs[label] ?? 0));
      case 'noisyOr':
        return noisyOr();
      case 'blend':
        return grouping.headWeight * head() + (1 - grouping.headWeight) * noisyOr();
    }
  });
}

/** Indices whose probability reaches its threshold; the fallback index alone when none does. */
export function selectAboveThreshold(
  probabilities: Float64Array,
  thresholds: Float64Array,
  fallback: number,
): number[] {
  const selected: number[] = [];
  probabilities.forEach((probability, index) => {
    if (probability >= (thresholds[index] ?? 1)) selected.push(index);
  });
  return selected.length > 0 ? selected : [fallback];
}

/**
 * The one sentiment shown: of the groups at or above their thresholds, the most probable.
 * None above threshold means neutral. Equal probabilities go to the earlier of negative,
 * positive, ambiguous, neutral, so a distressed message is not shown as calm.
 */
export function pickSentiment(grouping: Grouping, probabilities: Float64Array): Sentiment {
  const preference: readonly Sentiment[] = ['negative', 'positive', 'ambiguous', 'neutral'];
  let best: Sentiment = 'neutral';
  let bestProbability = -1;
  for (const sentiment of preference) {
    const group = grouping.names.indexOf(sentiment);
    const probability = probabilities[group] ?? 0;
    if (probability >= (grouping.thresholds[group] ?? 1) && probability > bestProbability) {
      best = sentiment;
      bestProbability = probability;
    }
  }
  return best;
}

/** The first `count` spans of a unit, in order of position. */
function firstSpans(spans: Map<number, number> | undefined, count: number): { start: number; end: number }[] {
  const starts = [...(spans?.keys() ?? [])].sort((a, b) => a - b).slice(0, count);
  return starts.map((start) => ({ start, end: spans?.get(start) ?? start }));
}

/**
 * The words and phrases that pushed each detected label up. A feature's contribution to
 * the label's log-odds is credited to its unit (a character n-gram to the word it is
 * inside, shared equally when it occurs in several different words); a unit's weight is
 * the sum of its features' contributions, negative ones included.
 */
function collectEvidence(
  model: EmotionModel,
  text: string,
  scored: ScoredText,
  labels: number[],
): EmotionEvidence[] {
  const evidence: EmotionEvidence[] = [];
  const spans = scored.unitSpans;
  const firstStart = (unit: string) => {
    let first = Infinity;
    for (const start of spans.get(unit)?.keys() ?? []) first = Math.min(first, start);
    return first;
  };
  for (const label of labels) {
    const name = model.labels[label] ?? '';
    if (name === 'neutral') continue;
    const column = model.labelColumns[label] ?? 0;
    const scale = (model.scales[column] ?? 0) * scored.normalisation;
    const byUnit = new Map<string, number>();
    for (const [row, { value, units }] of scored.rows) {
      const raw = model.weights[row * model.headCount + column] ?? 0;
      if (raw === 0 || units.length === 0) continue;
      const share = (scale * raw * value) / units.length;
      for (const unit of units) byUnit.set(unit, (byUnit.get(unit) ?? 0) + share);
    }
    const contributions = [...byUnit]
      .filter(([, weight]) => weight > 0)
      .sort((a, b) => b[1] - a[1] || firstStart(a[0]) - firstStart(b[0]) || (a[0] < b[0] ? -1 : 1));
    const floor = (contributions[0]?.[1] ?? 0) * EVIDENCE_MIN_SHARE;
    const strongest = contributions
      .slice(0, EVIDENCE_UNITS_PER_LABEL)
      .filter(([, weight]) => weight >= floor);
    for (const [unit, weight] of strongest) {
      for (const { start, end } of firstSpans(spans.get(unit), EVIDENCE_SPANS_PER_UNIT)) {
        evidence.push({ start, end, text: text.slice(start, end), label: name, weight: roundTo(weight, 3) });
      }
    }
  }
  return evidence.sort((a, b) => b.weight - a.weight || a.start - b.start);
}

/**
 * Multi-label emotions of a text with their evidence. Linear in the length of the text;
 * any string (empty, huge, emoji, unpaired surrogates) is fine.
 */
export function analyseEmotions(model: EmotionModel, text: string): EmotionAnalysis {
  const scored = scoreText(model, text);
  const labelProbs = labelProbabilities(model, scored.headProbabilities);
  const neutral = model.labels.indexOf('neutral');
  const labels = selectAboveThreshold(labelProbs, model.thresholds, neutral);
  const ekmanProbs = groupProbabilities(model.ekman, labelProbs, scored.headProbabilities);
  const ekman = selectAboveThreshold(
    ekmanProbs,
    model.ekman.thresholds,
    model.ekman.names.indexOf('neutral'),
  );
  const sentimentProbs = groupProbabilities(model.sentiment, labelProbs, scored.headProbabilities);
  const scores: Record<string, number> = {};
  model.labels.forEach((label, index) => (scores[label] = roundTo(labelProbs[index] ?? 0, 3)));
  return {
    labels: labels.map((index) => model.labels[index] ?? 'neutral'),
    scores,
    ekman: ekman.map((index) => model.ekman.names[index] ?? 'neutral'),
    sentiment: pickSentiment(model.sentiment, sentimentProbs),
    evidence: collectEvidence(model, text, scored, labels),
    modelVersion: model.modelVersion,
  };
}
