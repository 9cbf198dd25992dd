import { z } from 'zod';
import type { FeatureSettings } from './features.std.ts';

/**
 * The emotion model file (shared/emotions/model/emotions-model.json) and its decoded,
 * ready-to-score form. One linear "head" per output: the 28 GoEmotions labels, and
 * optionally Ekman or sentiment groups trained on their own. Weights are Int8, one
 * scale per head, feature-major (a feature's weights for every head sit together),
 * base64 in the file.
 */

/** Version 2 added character n-gram, shape and length features and 'blend' group scoring; version 1 files still load. */
export const MODEL_FORMAT_VERSION = 2;

/**
 * How a group's probability comes from the model: its own head, the most likely / noisy-or
 * of its labels, or a blend: headWeight * head + (1 - headWeight) * noisy-or.
 */
export const GROUP_SCORING = ['head', 'max', 'noisyOr', 'blend'] as const;
export type GroupScoring = (typeof GROUP_SCORING)[number];

export const SENTIMENTS = ['positive', 'negative', 'ambiguous', 'neutral'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

const groupingSchema = z.object({
  scoring: z.enum(GROUP_SCORING),
  /** Group name -> the labels it gathers. */
  members: z.record(z.string(), z.array(z.string()).min(1)),
  thresholds: z.record(z.string(), z.number().min(0).max(1)),
  /** Share of the group's own head in 'blend' scoring. */
  headWeight: z.number().min(0).max(1).optional(),
});

const modelFileSchema = z.object({
  formatVersion: z.union([z.literal(1), z.literal(MODEL_FORMAT_VERSION)]),
  modelVersion: z.string().min(1),
  attribution: z.string(),
  labels: z.array(z.string().min(1)).min(1),
  features: z.object({
    negationScope: z.number().int().min(0),
    bigrams: z.boolean(),
    charNgrams: z.array(z.number().int().min(1).max(8)).optional(),
    charWeight: z.number().positive().optional(),
    negatedCharNgrams: z.boolean().optional(),
    shape: z.boolean().optional(),
    lengthBuckets: z.boolean().optional(),
  }),
  vocabulary: z.array(z.string()),
  /** Column names of the weight matrix: "label:joy", "ekman:anger", "sentiment:positive". */
  heads: z.array(z.string()).min(1),
  weights: z.object({
    encoding: z.literal('int8-base64'),
    scales: z.array(z.number().positive()),
    data: z.string(),
  }),
  biases: z.array(z.number()),
  thresholds: z.record(z.string(), z.number().min(0).max(1)),
  ekman: groupingSchema,
  sentiment: groupingSchema,
  training: z.record(z.string(), z.unknown()),
});

export type EmotionModelFile = z.infer<typeof modelFileSchema>;

export interface Grouping {
  names: readonly string[];
  scoring: GroupScoring;
  /** Per group: indices into labels of its members. */
  memberLabels: readonly (readonly number[])[];
  /** Per group: its head's column, when scoring is 'head' or 'blend'. */
  headColumns: readonly number[];
  /** Share of the group's head in 'blend' scoring (the rest is the noisy-or of its labels). */
  headWeight: number;
  thresholds: Float64Array;
}

export interface EmotionModel {
  modelVersion: string;
  labels: readonly string[];
  features: FeatureSettings;
  /** Feature text -> row in weights. */
  featureRows: ReadonlyMap<string, number>;
  headCount: number;
  /** Row-major: weights[row * headCount + head] * scales[head] is the weight in log-odds. */
  weights: Int8Array;
  scales: Float64Array;
  biases: Float64Array;
  /** Per label index. */
  thresholds: Float64Array;
  /** Column of each label's head. */
  labelColumns: readonly number[];
  ekman: Grouping;
  sentiment: Grouping;
}

export class EmotionModelError extends Error {
  override name = 'EmotionModelError';
}

function decodeBase64(encoded: string): Int8Array {
  const binary = atob(encoded);
  const bytes = new Int8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = (binary.charCodeAt(i) << 24) >> 24;
  return bytes;
}

export function encodeBase64(bytes: Int8Array): string {
  const unsigned = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < unsigned.length; i += chunk) {
    binary += String.fromCharCode(...unsigned.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function columnOf(heads: readonly string[], head: string): number {
  const column = heads.indexOf(head);
  if (column < 0) throw new EmotionModelError(`The model has no head "${head}".`);
  return column;
}

function decodeGrouping(
  kind: 'ekman' | 'sentiment',
  grouping: EmotionModelFile['ekman'],
  labels: readonly string[],
  heads: readonly string[],
): Grouping {
  const names = Object.keys(grouping.members);
  const memberLabels = names.map((name) =>
    (grouping.members[name] ?? []).map((label) => {
      const index = labels.indexOf(label);
      if (index < 0) throw new EmotionModelError(`Group "${name}" names unknown label "${label}".`);
      return index;
    }),
  );
  const usesHeads = grouping.scoring === 'head' || grouping.scoring === 'blend';
  const headColumns = usesHeads ? names.map((name) => columnOf(heads, `${kind}:${name}`)) : [];
  if (grouping.scoring === 'blend' && grouping.headWeight === undefined) {
    throw new EmotionModelError(`The ${kind} grouping blends but has no headWeight.`);
  }
  const thresholds = Float64Array.from(names, (name) => {
    const threshold = grouping.thresholds[name];
    if (threshold === undefined) throw new EmotionModelError(`Group "${name}" has no threshold.`);
    return threshold;
  });
  return {
    names,
    scoring: grouping.scoring,
    memberLabels,
    headColumns,
    headWeight: grouping.headWeight ?? 1,
    thresholds,
  };
}

/** Validates a parsed model file and decodes it for scoring; throws EmotionModelError if it does not fit. */
export function parseEmotionModel(json: unknown): EmotionModel {
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) throw new EmotionModelError(`Invalid emotion model file: ${parsed.error.message}`);
  const file = parsed.data;
  const headCount = file.heads.length;
  const weights = decodeBase64(file.weights.data);
  if (weights.length !== file.vocabulary.length * headCount) {
    throw new EmotionModelError('The weight matrix does not match vocabulary x heads.');
  }
  if (file.weights.scales.length !== headCount || file.biases.length !== headCount) {
    throw new EmotionModelError('Scales and biases need one value per head.');
  }
  const featureRows = new Map<string, number>();
  file.vocabulary.forEach((feature, row) => featureRows.set(feature, row));
  if (featureRows.size !== file.vocabulary.length)
    throw new EmotionModelError('The vocabulary has duplicates.');
  const thresholds = Float64Array.from(file.labels, (label) => {
    const threshold = file.thresholds[label];
    if (threshold === undefined) throw new EmotionModelError(`Label "${label}" has no threshold.`);
    return threshold;
  });
  if (!file.labels.includes('neutral')) throw new EmotionModelError('The labels must include "neutral".');
  const sentimentNames = Object.keys(file.sentiment.members);
  if (sentimentNames.length !== SENTIMENTS.length || !SENTIMENTS.every((s) => sentimentNames.includes(s))) {
    throw new EmotionModelError(`Sentiment groups must be exactly ${SENTIMENTS.join(', ')}.`);
  }
  return {
    modelVersion: file.modelVersion,
    labels: file.labels,
    features: file.features,
    featureRows,
    headCount,
    weights,
    scales: Float64Array.from(file.weights.scales),
    biases: Float64Array.from(file.biases),
    thresholds,
    labelColumns: file.labels.map((label) => columnOf(file.heads, `label:${label}`)),
    ekman: decodeGrouping('ekman', file.ekman, file.labels, file.heads),
    sentiment: decodeGrouping('sentiment', file.sentiment, file.labels, file.heads),
  };
}
