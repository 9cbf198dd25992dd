/**
 * Trains the emotion model (npm run train:emotions): one-vs-rest logistic regression over
 * word unigrams and bigrams, character n-grams inside words, word shape and text length,
 * fitted with L-BFGS on GoEmotions train.tsv, thresholds tuned on dev.tsv. Writes
 * shared/emotions/model/emotions-model.json and metrics.json.
 *
 *   node scripts/train-emotions.node.ts [--data DIR] [--settings '{"l2Labels":1e-5}'] [--workers N]
 *
 * Deterministic: full-batch optimisation of each head on its own (worker threads only
 * change which thread fits a head), a seeded shuffle for the split-half estimate.
 * Dev metrics are computed by the shipped inference code on the quantised model, so they
 * describe exactly what the app runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { format, resolveConfig } from 'prettier';
import {
  groupProbabilities,
  labelProbabilities,
  pickSentiment,
  scoreText,
  selectAboveThreshold,
} from '../shared/emotions/analyseEmotions.std.ts';
import type { EmotionModelFile, GroupScoring } from '../shared/emotions/emotionModel.std.ts';
import {
  encodeBase64,
  GROUP_SCORING,
  MODEL_FORMAT_VERSION,
  parseEmotionModel,
  SENTIMENTS,
} from '../shared/emotions/emotionModel.std.ts';
import type { FeatureSettings } from '../shared/emotions/features.std.ts';
import { CHAR_PREFIX, featureOccurrences, NEGATED_CHAR_PREFIX } from '../shared/emotions/features.std.ts';
import { SENTIMENT_MEMBERS } from '../shared/emotions/sentimentGroups.std.ts';

const MODEL_VERSION = 'goemotions-linear-2';
const repoRoot = resolve(import.meta.dirname, '..');
const modelDir = join(repoRoot, 'shared', 'emotions', 'model');

const DEFAULT_SETTINGS = {
  negationScope: 2,
  bigrams: true,
  /** Character n-grams inside words ("<word>" padded): catch misspellings, inflections, rare words. */
  charNgrams: [3, 5],
  /** A character n-gram's feature value (words are 1): they are many, each says less. */
  charWeight: 0.5,
  /** Negated words' n-grams apart ("!#" prefix), as negated words are ("not_"). */
  negatedCharNgrams: true,
  /** "__caps" (a word in capitals), "__elong" (a letter drawn out: "sooo"). */
  shape: true,
  /** The text's token count in five buckets: short texts lean neutral. */
  lengthBuckets: true,
  /** Features seen in fewer training texts are dropped. */
  minDocumentFrequency: 2,
  /** Word pairs need more support than words: rare pairs mostly add noise. */
  minBigramDocumentFrequency: 50,
  minCharDocumentFrequency: 5,
  /** Most frequent word (and bigram, shape, length) features kept. */
  maxFeatures: 40_000,
  /** Most frequent character n-grams kept; with maxFeatures, bounds the file size. */
  maxCharFeatures: 60_000,
  /**
   * L2 penalty on the mean log-loss (features are L2-normalised per text, so weights run
   * large), for the 28 label heads and for the Ekman and sentiment group heads.
   */
  l2Labels: 1e-5,
  l2Groups: 2e-5,
  /**
   * Naive-Bayes-scaled penalty (as in NBSVM, Wang and Manning, 2012): feature j's penalty
   * for a head is divided by (this + |log-count ratio of j for the head|)^2, rescaled to
   * mean 1, so features that tell the head's positives from its negatives are shrunk less.
   * 0 turns it off.
   */
  naiveBayesPenalty: 1,
  maxIterations: 200,
  /** Seed of the shuffle that splits dev in two for the honest estimate. */
  seed: 20_200_701,
};
type Settings = typeof DEFAULT_SETTINGS;

function featureSettings(settings: Settings): Required<FeatureSettings> {
  return {
    negationScope: settings.negationScope,
    bigrams: settings.bigrams,
    charNgrams: settings.charNgrams,
    charWeight: settings.charWeight,
    negatedCharNgrams: settings.negatedCharNgrams,
    shape: settings.shape,
    lengthBuckets: settings.lengthBuckets,
  };
}

interface Example {
  text: string;
  labels: number[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function readExamples(file: string, labelCount: number): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, index) => {
      const [text, ids] = line.split('\t');
      const labels = (ids ?? '').split(',').map(Number);
      if (text === undefined || labels.some((id) => !Number.isInteger(id) || id < 0 || id >= labelCount)) {
        throw new Error(`${file}:${index + 1}: expected text<TAB>label ids<TAB>id`);
      }
      return { text, labels };
    });
}

/** Sparse rows of features, each row scaled to unit length (as scoreText does). */
interface FeatureMatrix {
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
  columnCount: number;
}

const isCharFeature = (feature: string) =>
  feature.startsWith(CHAR_PREFIX) || feature.startsWith(NEGATED_CHAR_PREFIX);

/** Each text's distinct features with their values. */
function textFeatures(text: string, settings: Settings): Map<string, number> {
  const features = new Map<string, number>();
  for (const { feature, value } of featureOccurrences(text, featureSettings(settings))) {
    features.set(feature, value);
  }
  return features;
}

/** Words, bigrams, shape and length by document frequency, then character n-grams likewise. */
function buildVocabulary(featureSets: Map<string, number>[], settings: Settings): string[] {
  const documentFrequency = new Map<string, number>();
  for (const features of featureSets) {
    for (const feature of features.keys()) {
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
  }
  const byFrequency = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const entries = [...documentFrequency];
  const words = entries
    .filter(
      ([feature, count]) =>
        !isCharFeature(feature) &&
        count >=
          (feature.includes(' ') ? settings.minBigramDocumentFrequency : settings.minDocumentFrequency),
    )
    .sort(byFrequency)
    .slice(0, settings.maxFeatures);
  const chars = entries
    .filter(([feature, count]) => isCharFeature(feature) && count >= settings.minCharDocumentFrequency)
    .sort(byFrequency)
    .slice(0, settings.maxCharFeatures);
  return [...words, ...chars].map(([feature]) => feature);
}

function buildMatrix(featureSets: Map<string, number>[], vocabulary: string[]): FeatureMatrix {
  const columnOf = new Map(vocabulary.map((feature, column) => [feature, column]));
  const rowStart = new Int32Array(featureSets.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  featureSets.forEach((features, row) => {
    const first = columns.length;
    let squares = 0;
    for (const [feature, value] of features) {
      const column = columnOf.get(feature);
      if (column === undefined) continue;
      columns.push(column);
      values.push(value);
      squares += value * value;
    }
    const scale = squares === 0 ? 0 : 1 / Math.sqrt(squares);
    for (let k = first; k < values.length; k++) values[k] = (values[k] ?? 0) * scale;
    rowStart[row + 1] = columns.length;
  });
  return {
    rowStart,
    columns: Int32Array.from(columns),
    values: Float64Array.from(values),
    columnCount: vocabulary.length,
  };
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Mean log-loss plus (l2 / 2) * sum_j penalty_j * w_j^2 and its gradient. Parameters: one
 * weight per column, then the bias (not penalised).
 */
function lossAndGradient(
  matrix: FeatureMatrix,
  targets: Uint8Array,
  l2: number,
  penalty: Float64Array,
  parameters: Float64Array,
  gradient: Float64Array,
): number {
  const { rowStart, columns, values, columnCount } = matrix;
  const rows = targets.length;
  const bias = parameters[columnCount] ?? 0;
  gradient.fill(0);
  let loss = 0;
  for (let row = 0; row < rows; row++) {
    const start = rowStart[row] ?? 0;
    const end = rowStart[row + 1] ?? 0;
    let z = bias;
    for (let k = start; k < end; k++) z += (parameters[columns[k] ?? 0] ?? 0) * (values[k] ?? 0);
    const target = targets[row] ?? 0;
    loss += softplus(z) - target * z;
    const error = (1 / (1 + Math.exp(-z)) - target) / rows;
    for (let k = start; k < end; k++) {
      const column = columns[k] ?? 0;
      gradient[column] = (gradient[column] ?? 0) + error * (values[k] ?? 0);
    }
    gradient[columnCount] = (gradient[columnCount] ?? 0) + error;
  }
  let penaltySum = 0;
  for (let column = 0; column < columnCount; column++) {
    const weight = parameters[column] ?? 0;
    const strength = l2 * (penalty[column] ?? 1);
    penaltySum += strength * weight * weight;
    gradient[column] = (gradient[column] ?? 0) + strength * weight;
  }
  return loss / rows + penaltySum / 2;
}

/** Per column: the relative L2 penalty for a head (all 1 without the naive-Bayes scaling). */
function naiveBayesPenalty(matrix: FeatureMatrix, targets: Uint8Array, offset: number): Float64Array {
  const penalty = new Float64Array(matrix.columnCount).fill(1);
  if (offset <= 0) return penalty;
  const positive = new Float64Array(matrix.columnCount).fill(1);
  const negative = new Float64Array(matrix.columnCount).fill(1);
  for (let row = 0; row < targets.length; row++) {
    const counts = targets[row] ? positive : negative;
    for (let k = matrix.rowStart[row] ?? 0; k < (matrix.rowStart[row + 1] ?? 0); k++) {
      const column = matrix.columns[k] ?? 0;
      counts[column] = (counts[column] ?? 0) + 1;
    }
  }
  const positiveTotal = positive.reduce((a, b) => a + b, 0);
  const negativeTotal = negative.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let column = 0; column < matrix.columnCount; column++) {
    const ratio = Math.log(
      (positive[column] ?? 1) / positiveTotal / ((negative[column] ?? 1) / negativeTotal),
    );
    const value = 1 / (offset + Math.abs(ratio)) ** 2;
    penalty[column] = value;
    sum += value;
  }
  const mean = sum / Math.max(1, matrix.columnCount);
  for (let column = 0; column < matrix.columnCount; column++) penalty[column] = (penalty[column] ?? 1) / mean;
  return penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** L-BFGS (10 corrections) with a backtracking Armijo line search; returns weights then bias. */
function trainHead(matrix: FeatureMatrix, targets: Uint8Array, l2: number, settings: Settings): Float64Array {
  const size = matrix.columnCount + 1;
  const penalty = naiveBayesPenalty(matrix, targets, settings.naiveBayesPenalty);
  const objective = (x: Float64Array, g: Float64Array) => lossAndGradient(matrix, targets, l2, penalty, x, g);
  const memory = 10;
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  let x = new Float64Array(size);
  let gradient = new Float64Array(size);
  let loss = objective(x, gradient);
  for (let iteration = 0; iteration < settings.maxIterations; iteration++) {
    // Two-loop recursion: direction = -H * gradient.
    const direction = gradient.map((g) => -g);
    const alphas: number[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i] as Float64Array;
      const y = gradientChanges[i] as Float64Array;
      const alpha = dot(s, direction) / dot(y, s);
      alphas[i] = alpha;
      for (let j = 0; j < size; j++) direction[j] = (direction[j] ?? 0) - alpha * (y[j] ?? 0);
    }
    const lastS = steps.at(-1);
    const lastY = gradientChanges.at(-1);
    const gamma =
      lastS && lastY ? dot(lastS, lastY) / dot(lastY, lastY) : 1 / Math.sqrt(dot(gradient, gradient));
    for (let j = 0; j < size; j++) direction[j] = (direction[j] ?? 0) * gamma;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i] as Float64Array;
      const y = gradientChanges[i] as Float64Array;
      const beta = dot(y, direction) / dot(y, s);
      const coefficient = (alphas[i] ?? 0) - beta;
      for (let j = 0; j < size; j++) direction[j] = (direction[j] ?? 0) + coefficient * (s[j] ?? 0);
    }
    const slope = dot(gradient, direction);
    if (slope >= 0) break;
    let step = 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < size; j++) next[j] = (x[j] ?? 0) + step * (direction[j] ?? 0);
      nextLoss = objective(next, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break;
    const s = next.map((value, j) => value - (x[j] ?? 0));
    const y = nextGradient.map((value, j) => value - (gradient[j] ?? 0));
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      gradientChanges.push(y);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
      }
    }
    const improvement = (loss - nextLoss) / Math.max(1, Math.abs(loss));
    x = next;
    gradient = nextGradient;
    loss = nextLoss;
    if (improvement < 1e-9) break;
  }
  return x;
}

/** Int8 with one scale per head (largest |weight| maps to 127), feature-major. */
function quantise(headWeights: Float64Array[], columnCount: number): { data: Int8Array; scales: number[] } {
  const headCount = headWeights.length;
  const scales = headWeights.map((weights) => {
    let largest = 0;
    for (let column = 0; column < columnCount; column++)
      largest = Math.max(largest, Math.abs(weights[column] ?? 0));
    return largest > 0 ? largest / 127 : 1;
  });
  const data = new Int8Array(columnCount * headCount);
  headWeights.forEach((weights, head) => {
    const scale = scales[head] ?? 1;
    for (let column = 0; column < columnCount; column++) {
      data[column * headCount + head] = Math.round((weights[column] ?? 0) / scale);
    }
  });
  return { data, scales };
}

// ---- Evaluation ------------------------------------------------------------------------

interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function f1Of({ truePositives, falsePositives, falseNegatives }: Counts): number {
  const denominator = 2 * truePositives + falsePositives + falseNegatives;
  return denominator === 0 ? 0 : (2 * truePositives) / denominator;
}

function countFor(predicted: boolean[], gold: boolean[]): Counts {
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  predicted.forEach((yes, i) => {
    if (yes && gold[i]) counts.truePositives++;
    else if (yes) counts.falsePositives++;
    else if (gold[i]) counts.falseNegatives++;
  });
  return counts;
}

/** The threshold on a 0.01 grid that maximises F1 of `probabilities >= threshold` against gold. */
function tuneThreshold(probabilities: number[], gold: boolean[]): number {
  let best = { threshold: 0.5, f1: -1 };
  for (let step = 1; step < 100; step++) {
    const threshold = step / 100;
    const f1 = f1Of(
      countFor(
        probabilities.map((p) => p >= threshold),
        gold,
      ),
    );
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return best.threshold;
}

/** Outputs (labels or groups) as columns: probabilities[example][output], gold[example][output]. */
interface Task {
  names: string[];
  probabilities: Float64Array[];
  gold: boolean[][];
  fallback: number;
}

function tuneThresholds(task: Task, examples: number[]): Float64Array {
  return Float64Array.from(task.names, (_name, output) =>
    tuneThreshold(
      examples.map((e) => task.probabilities[e]?.[output] ?? 0),
      examples.map((e) => task.gold[e]?.[output] ?? false),
    ),
  );
}

interface TaskScore {
  macroF1: number;
  perOutput: {
    name: string;
    threshold: number;
    precision: number;
    recall: number;
    f1: number;
    support: number;
  }[];
}

function scoreTask(task: Task, thresholds: Float64Array, examples: number[]): TaskScore {
  const predicted = examples.map((e) => {
    const chosen = new Set(
      selectAboveThreshold(task.probabilities[e] ?? new Float64Array(), thresholds, task.fallback),
    );
    return task.names.map((_name, output) => chosen.has(output));
  });
  const perOutput = task.names.map((name, output) => {
    const gold = examples.map((e) => task.gold[e]?.[output] ?? false);
    const counts = countFor(
      predicted.map((row) => row[output] ?? false),
      gold,
    );
    const { truePositives, falsePositives, falseNegatives } = counts;
    return {
      name,
      threshold: thresholds[output] ?? 0,
      precision: round(truePositives / Math.max(1, truePositives + falsePositives)),
      recall: round(truePositives / Math.max(1, truePositives + falseNegatives)),
      f1: round(f1Of(counts)),
      support: truePositives + falseNegatives,
    };
  });
  const macroF1 = perOutput.reduce((sum, output) => sum + output.f1, 0) / perOutput.length;
  return { macroF1: round(macroF1), perOutput };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Seeded Fisher-Yates (mulberry32), so the dev halves are the same every run. */
function shuffled(count: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

// ---- Main ------------------------------------------------------------------------------

/** Group scorings tried on dev: GROUP_SCORING, with a few head weights for 'blend'. */
interface ScoringChoice {
  scoring: GroupScoring;
  headWeight?: number;
}
const SCORING_CHOICES = GROUP_SCORING.flatMap<ScoringChoice>((scoring) =>
  scoring === 'blend' ? [0.25, 0.5, 0.75].map((headWeight) => ({ scoring, headWeight })) : [{ scoring }],
);
const usesHeads = ({ scoring }: ScoringChoice) => scoring === 'head' || scoring === 'blend';

interface HeadJob {
  head: number;
  targets: Uint8Array;
  l2: number;
}

/** Worker thread: fits the heads the main thread sends, one at a time, on the shared matrix. */
function serveHeads(): void {
  const { matrix, settings } = workerData as { matrix: FeatureMatrix; settings: Settings };
  parentPort?.on('message', ({ head, targets, l2 }: HeadJob) => {
    parentPort?.postMessage({ head, parameters: trainHead(matrix, targets, l2, settings) });
  });
}

/** Fits every head on `workers` threads; each head's result does not depend on which thread fits it. */
async function trainHeads(
  matrix: FeatureMatrix,
  jobs: HeadJob[],
  settings: Settings,
  workers: number,
  onDone: (head: number, milliseconds: number) => void,
): Promise<Float64Array[]> {
  const results: Float64Array[] = [];
  const queue = [...jobs];
  const threads = Array.from(
    { length: Math.max(1, Math.min(workers, jobs.length)) },
    () => new Worker(new URL(import.meta.url), { workerData: { matrix, settings } }),
  );
  await Promise.all(
    threads.map(
      (thread) =>
        new Promise<void>((resolveThread, rejectThread) => {
          let sent = performance.now();
          const next = () => {
            const job = queue.shift();
            if (job === undefined) {
              void thread.terminate().then(() => resolveThread());
              return;
            }
            sent = performance.now();
            thread.postMessage(job);
          };
          thread.on('message', ({ head, parameters }: { head: number; parameters: Float64Array }) => {
            results[head] = parameters;
            onDone(head, performance.now() - sent);
            next();
          });
          thread.on('error', rejectThread);
          next();
        }),
    ),
  );
  return results;
}

if (!isMainThread) serveHeads();
else await main();

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: { data: { type: 'string' }, settings: { type: 'string' }, workers: { type: 'string' } },
  });
  const dataDir = resolve(args.data ?? join(repoRoot, '..', 'shared', 'data', 'goemotions'));
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ...(JSON.parse(args.settings ?? '{}') as Partial<Settings>),
  };
  const workers = Number(args.workers ?? Math.min(2, availableParallelism()));
  const started = performance.now();

  const labels = readFileSync(join(dataDir, 'labels.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const ekmanMembers = {
    ...(JSON.parse(readFileSync(join(dataDir, 'ekman-mapping.json'), 'utf8')) as Record<string, string[]>),
    neutral: ['neutral'],
  };
  const train = readExamples(join(dataDir, 'train.tsv'), labels.length);
  const dev = readExamples(join(dataDir, 'dev.tsv'), labels.length);
  log(`read ${train.length} train and ${dev.length} dev examples, ${labels.length} labels`);

  const heads = [
    ...labels.map((label) => ({ name: `label:${label}`, members: [label] })),
    ...Object.entries(ekmanMembers).map(([name, members]) => ({ name: `ekman:${name}`, members })),
    ...Object.entries(SENTIMENT_MEMBERS).map(([name, members]) => ({ name: `sentiment:${name}`, members })),
  ];

  const trainFeatures = train.map((example) => textFeatures(example.text, settings));
  const vocabulary = buildVocabulary(trainFeatures, settings);
  const matrix = buildMatrix(trainFeatures, vocabulary);
  const charFeatureCount = vocabulary.filter(isCharFeature).length;
  log(
    `vocabulary ${vocabulary.length} features (${charFeatureCount} character n-grams), ${matrix.columns.length} non-zeros`,
  );

  const jobs = heads.map((head, index) => {
    const memberIds = new Set(head.members.map((label) => labels.indexOf(label)));
    const targets = Uint8Array.from(train, (example) =>
      example.labels.some((id) => memberIds.has(id)) ? 1 : 0,
    );
    return {
      head: index,
      targets,
      l2: head.name.startsWith('label:') ? settings.l2Labels : settings.l2Groups,
    };
  });
  const fitted = await trainHeads(matrix, jobs, settings, workers, (head, milliseconds) => {
    const positives = jobs[head]?.targets.reduce((a, b) => a + b, 0) ?? 0;
    log(`trained ${heads[head]?.name} (${positives} positives) in ${Math.round(milliseconds)} ms`);
  });
  const headWeights = fitted.map((parameters) => parameters.subarray(0, vocabulary.length));
  const biases = fitted.map((parameters) => parameters[vocabulary.length] ?? 0);

  function modelFile(
    headNames: string[],
    chosenScoring: Record<'ekman' | 'sentiment', ScoringChoice>,
    thresholds: { labels: Float64Array; ekman: Float64Array; sentiment: Float64Array },
    training: Record<string, unknown>,
  ): EmotionModelFile {
    const kept = headNames.map((name) => heads.findIndex((head) => head.name === name));
    const { data, scales } = quantise(
      kept.map((index) => headWeights[index] ?? new Float64Array()),
      vocabulary.length,
    );
    const record = (names: string[], values: Float64Array) =>
      Object.fromEntries(names.map((name, i) => [name, values[i] ?? 1]));
    return {
      formatVersion: MODEL_FORMAT_VERSION,
      modelVersion: MODEL_VERSION,
      attribution:
        'Trained on GoEmotions (Demszky et al., 2020, ACL), CC BY 4.0, from google-research/goemotions.',
      labels,
      features: { ...featureSettings(settings), charNgrams: [...settings.charNgrams] },
      vocabulary,
      heads: headNames,
      weights: { encoding: 'int8-base64', scales, data: encodeBase64(data) },
      biases: kept.map((index) => biases[index] ?? 0),
      thresholds: record(labels, thresholds.labels),
      ekman: {
        ...chosenScoring.ekman,
        members: ekmanMembers,
        thresholds: record(Object.keys(ekmanMembers), thresholds.ekman),
      },
      sentiment: {
        ...chosenScoring.sentiment,
        members: Object.fromEntries(
          Object.entries(SENTIMENT_MEMBERS).map(([group, members]) => [group, [...members]]),
        ),
        thresholds: record(Object.keys(SENTIMENT_MEMBERS), thresholds.sentiment),
      },
      training,
    };
  }

  // Score dev once with every head through the shipped code, then tune on those probabilities.
  const placeholder = (count: number) => new Float64Array(count).fill(0.5);
  const allHeads = modelFile(
    heads.map((head) => head.name),
    { ekman: { scoring: 'head' }, sentiment: { scoring: 'head' } },
    {
      labels: placeholder(labels.length),
      ekman: placeholder(Object.keys(ekmanMembers).length),
      sentiment: placeholder(SENTIMENTS.length),
    },
    {},
  );
  const fullModel = parseEmotionModel(JSON.parse(JSON.stringify(allHeads)));
  const devHeadProbabilities = dev.map((example) => scoreText(fullModel, example.text).headProbabilities);
  const devLabelProbabilities = devHeadProbabilities.map((probs) => labelProbabilities(fullModel, probs));

  const labelTask: Task = {
    names: labels,
    probabilities: devLabelProbabilities,
    gold: dev.map((example) => labels.map((_label, id) => example.labels.includes(id))),
    fallback: labels.indexOf('neutral'),
  };

  function groupTask(kind: 'ekman' | 'sentiment', choice: ScoringChoice): Task {
    const grouping = { ...fullModel[kind], scoring: choice.scoring, headWeight: choice.headWeight ?? 1 };
    const names = [...grouping.names];
    return {
      names,
      probabilities: dev.map((_example, e) =>
        groupProbabilities(
          grouping,
          devLabelProbabilities[e] ?? new Float64Array(),
          devHeadProbabilities[e] ?? new Float64Array(),
        ),
      ),
      gold: dev.map((example) =>
        grouping.memberLabels.map((members) => example.labels.some((id) => members.includes(id))),
      ),
      fallback: names.indexOf('neutral'),
    };
  }

  /** Tunes a grouping's thresholds for each scoring on `tuneOn`, keeps the best there, scores it on `scoreOn`. */
  function tuneGrouping(kind: 'ekman' | 'sentiment', tuneOn: number[], scoreOn: number[]) {
    const candidates = SCORING_CHOICES.map((choice) => {
      const task = groupTask(kind, choice);
      const thresholds = tuneThresholds(task, tuneOn);
      return { choice, task, thresholds, tunedF1: scoreTask(task, thresholds, tuneOn).macroF1 };
    });
    const best = candidates.reduce((a, b) => (b.tunedF1 > a.tunedF1 ? b : a));
    return { ...best, score: scoreTask(best.task, best.thresholds, scoreOn), compared: candidates };
  }

  function tuneAndScore(tuneOn: number[], scoreOn: number[]) {
    const labelThresholds = tuneThresholds(labelTask, tuneOn);
    return {
      labelThresholds,
      labels: scoreTask(labelTask, labelThresholds, scoreOn),
      ekman: tuneGrouping('ekman', tuneOn, scoreOn),
      sentiment: tuneGrouping('sentiment', tuneOn, scoreOn),
    };
  }

  const allDev = dev.map((_example, e) => e);
  const tuned = tuneAndScore(allDev, allDev);
  const order = shuffled(dev.length, settings.seed);
  const halfA = order.slice(0, Math.floor(dev.length / 2)).sort((a, b) => a - b);
  const halfB = order.slice(Math.floor(dev.length / 2)).sort((a, b) => a - b);
  const aToB = tuneAndScore(halfA, halfB);
  const bToA = tuneAndScore(halfB, halfA);
  const splitHalf = (pick: (result: typeof tuned) => number) => ({
    tunedOnAScoredOnB: pick(aToB),
    tunedOnBScoredOnA: pick(bToA),
    mean: round((pick(aToB) + pick(bToA)) / 2),
  });

  // Sentiment as the app shows it: one value; right when it is one of the text's gold groups.
  const sentimentGrouping = {
    ...fullModel.sentiment,
    scoring: tuned.sentiment.choice.scoring,
    headWeight: tuned.sentiment.choice.headWeight ?? 1,
    thresholds: tuned.sentiment.thresholds,
  };
  const sentimentAccuracy =
    allDev.filter((e) => {
      const shown = pickSentiment(
        sentimentGrouping,
        tuned.sentiment.task.probabilities[e] ?? new Float64Array(),
      );
      return tuned.sentiment.task.gold[e]?.[SENTIMENTS.indexOf(shown)] ?? false;
    }).length / dev.length;

  const trainingSeconds = Math.round((performance.now() - started) / 100) / 10;
  const date = new Date().toISOString();
  const metrics = {
    modelVersion: MODEL_VERSION,
    date,
    data: {
      source: 'GoEmotions train.tsv (training) and dev.tsv (thresholds, choices, metrics)',
      trainSize: train.length,
      devSize: dev.length,
    },
    settings,
    vocabularySize: vocabulary.length,
    trainingSeconds,
    dev: {
      note: 'Thresholds (and group scoring) tuned on this same dev set: optimistic. See splitHalf for an honest estimate.',
      labels28MacroF1: tuned.labels.macroF1,
      ekmanNeutralMacroF1: tuned.ekman.score.macroF1,
      sentimentMacroF1: tuned.sentiment.score.macroF1,
      sentimentMacroF1Method:
        'multi-label over positive, negative, ambiguous, neutral, as in the GoEmotions paper',
      sentimentSingleValueAccuracy: round(sentimentAccuracy),
    },
    splitHalf: {
      note: 'Dev split in two halves (seeded); thresholds and group scoring tuned on one half, scored on the other.',
      labels28MacroF1: splitHalf((r) => r.labels.macroF1),
      ekmanNeutralMacroF1: splitHalf((r) => r.ekman.score.macroF1),
      sentimentMacroF1: splitHalf((r) => r.sentiment.score.macroF1),
    },
    groupScoring: {
      ekman: {
        chosen: tuned.ekman.choice,
        devMacroF1: tuned.ekman.compared.map(({ choice, tunedF1 }) => ({ ...choice, macroF1: tunedF1 })),
      },
      sentiment: {
        chosen: tuned.sentiment.choice,
        devMacroF1: tuned.sentiment.compared.map(({ choice, tunedF1 }) => ({ ...choice, macroF1: tunedF1 })),
      },
    },
    perLabel: tuned.labels.perOutput,
    perEkman: tuned.ekman.score.perOutput,
    perSentiment: tuned.sentiment.score.perOutput,
  };

  const keptHeads = heads
    .map((head) => head.name)
    .filter(
      (name) =>
        name.startsWith('label:') ||
        (name.startsWith('ekman:') && usesHeads(tuned.ekman.choice)) ||
        (name.startsWith('sentiment:') && usesHeads(tuned.sentiment.choice)),
    );
  const finalModel = modelFile(
    keptHeads,
    { ekman: tuned.ekman.choice, sentiment: tuned.sentiment.choice },
    { labels: tuned.labelThresholds, ekman: tuned.ekman.thresholds, sentiment: tuned.sentiment.thresholds },
    {
      date,
      trainSize: train.length,
      devSize: dev.length,
      settings,
      devMacroF1: metrics.dev,
      splitHalf: metrics.splitHalf,
    },
  );
  mkdirSync(modelDir, { recursive: true });
  // Formatted as the repo's `prettier --check .` expects, so committing them keeps lint green.
  const writeJson = async (name: string, value: unknown) => {
    const file = join(modelDir, name);
    const options = await resolveConfig(file);
    writeFileSync(file, await format(JSON.stringify(value), { ...options, filepath: file }));
  };
  await writeJson('emotions-model.json', finalModel);
  await writeJson('metrics.json', metrics);
  log(`wrote ${join(modelDir, 'emotions-model.json')} in ${trainingSeconds} s`);
  console.log(
    JSON.stringify(
      { dev: metrics.dev, splitHalf: metrics.splitHalf, groupScoring: metrics.groupScoring },
      null,
      2,
    ),
  );
}
