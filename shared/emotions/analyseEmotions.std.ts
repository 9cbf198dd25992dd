import type { EmotionModel, Grouping, Sentiment } from './emotionModel.std.ts';
import type { FeatureOccurrence } from './features.std.ts';
import { featureOccurrences } from './features.std.ts';

/** A word or phrase that pushed a detected label up, with offsets into the original text. */
export interface EmotionEvidence {
  start: number;
  end: number;
  text: string;
  label: string;
  /** The feature's contribution to the label's log-odds (counted once however often it occurs). */
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
  /** Per known feature row: where it occurs. */
  occurrencesByRow: Map<number, FeatureOccurrence[]>;
  /** The value of each present feature: binary presence, L2-normalised over the text's known features. */
  featureValue: number;
}

const EVIDENCE_FEATURES_PER_LABEL = 5;
const EVIDENCE_SPANS_PER_FEATURE = 3;
/** Contributions under this share of a label's strongest one ("the", "you") are noise to a reader. */
const EVIDENCE_MIN_SHARE = 0.2;

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function scoreText(model: EmotionModel, text: string): ScoredText {
  const occurrencesByRow = new Map<number, FeatureOccurrence[]>();
  for (const occurrence of featureOccurrences(text, model.features)) {
    const row = model.featureRows.get(occurrence.feature);
    if (row === undefined) continue;
    const seen = occurrencesByRow.get(row);
    if (seen === undefined) occurrencesByRow.set(row, [occurrence]);
    else seen.push(occurrence);
  }
  const { headCount, weights, scales, biases } = model;
  const sums = new Float64Array(headCount);
  for (const row of occurrencesByRow.keys()) {
    const offset = row * headCount;
    for (let head = 0; head < headCount; head++) {
      sums[head] = (sums[head] ?? 0) + (weights[offset + head] ?? 0);
    }
  }
  const featureValue = occurrencesByRow.size === 0 ? 0 : 1 / Math.sqrt(occurrencesByRow.size);
  const headProbabilities = sums.map((sum, head) =>
    sigmoid((biases[head] ?? 0) + (scales[head] ?? 0) * featureValue * sum),
  );
  return { headProbabilities, occurrencesByRow, featureValue };
}

export function labelProbabilities(model: EmotionModel, headProbabilities: Float64Array): Float64Array {
  return Float64Array.from(model.labelColumns, (column) => headProbabilities[column] ?? 0);
}

/** Per group: its head's probability, or the max / noisy-or of its labels' probabilities. */
export function groupProbabilities(
  grouping: Grouping,
  labelProbs: Float64Array,
  headProbabilities: Float64Array,
): Float64Array {
  return Float64Array.from(grouping.names, (_name, group) => {
    const members = grouping.memberLabels[group] ?? [];
    switch (grouping.scoring) {
      case 'head':
        return headProbabilities[grouping.headColumns[group] ?? -1] ?? 0;
      case 'max':
        return Math.max(...members.map((label) => labelProbs[label] ?? 0));
      case 'noisyOr':
        return 1 - members.reduce((none, label) => none * (1 - (labelProbs[label] ?? 0)), 1);
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

function collectEvidence(
  model: EmotionModel,
  text: string,
  scored: ScoredText,
  labels: number[],
): EmotionEvidence[] {
  const evidence: EmotionEvidence[] = [];
  for (const label of labels) {
    const name = model.labels[label] ?? '';
    if (name === 'neutral') continue;
    const column = model.labelColumns[label] ?? 0;
    const scale = (model.scales[column] ?? 0) * scored.featureValue;
    const contributions: { row: number; weight: number }[] = [];
    for (const row of scored.occurrencesByRow.keys()) {
      const weight = scale * (model.weights[row * model.headCount + column] ?? 0);
      if (weight > 0) contributions.push({ row, weight });
    }
    contributions.sort((a, b) => b.weight - a.weight || a.row - b.row);
    const floor = (contributions[0]?.weight ?? 0) * EVIDENCE_MIN_SHARE;
    const strongest = contributions
      .slice(0, EVIDENCE_FEATURES_PER_LABEL)
      .filter(({ weight }) => weight >= floor);
    for (const { row, weight } of strongest) {
      const occurrences = scored.occurrencesByRow.get(row) ?? [];
      for (const { start, end } of occurrences.slice(0, EVIDENCE_SPANS_PER_FEATURE)) {
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
