/**
 * Trains the triage risk model (npm run train:triage-model): logistic regression with an
 * L2 penalty over word unigrams and bigrams of the engine's own tokens, one head for
 * P(crisis or urgent) and one for P(crisis). Writes shared/triage/model/risk-model.json
 * and risk-model-metrics.json.
 *
 *   node scripts/train-triage-model.node.ts [--settings '{"targetRecall":0.95}'] [--predictions FILE]
 *
 * --predictions writes every message's held-out probabilities (JSON lines) for analysis;
 * --out DIR writes the model and metrics elsewhere (for experiments).
 *
 * Each development corpus was written by a different writer, and the rules already score
 * well on text they were tuned on; what matters is a writer never seen. So every choice
 * (features, penalty, thresholds) is made by leave-one-writer-out cross-validation inside
 * the training writers, and the reported figures come from a writer the whole procedure
 * never saw (nested: train and choose on all corpora but one, score that one, for each of
 * them). The shipped model repeats the procedure on all of them.
 *
 * Deterministic: full-batch L-BFGS from zero, no randomness; no dates in the model file.
 * Held-out messages are scored by the shipped inference code (riskModel.std.ts) on the
 * model file as written, so the figures describe exactly what the app runs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import rulesFile from '../shared/triage/rules/triage-rules.json' with { type: 'json' };
import { defaultTriageEngine } from '../shared/triage/defaultEngine.std.ts';
import type { Tier } from '../shared/triage/rulesSchema.std.ts';
import type { RiskFeatureSettings, RiskModelFile } from '../shared/triage/riskModel.std.ts';
import {
  RISK_MODEL_FORMAT_VERSION,
  expansionsFingerprint,
  forEachFeature,
  parseRiskModel,
  scoreRisk,
} from '../shared/triage/riskModel.std.ts';
import { developmentCorpora, readCorpus } from '../shared/triage/testing/developmentCorpora.node.ts';
import { tokenise } from '../shared/triage/tokenise.std.ts';
import type { Tokens } from '../shared/triage/tokenise.std.ts';

const MODEL_NAME = 'triage-risk-linear-1';
const repoRoot = resolve(import.meta.dirname, '..');
/**
 * Development corpora only, one writer each, in the order the writers joined (the folds and
 * so the model depend on it). The blind-*.jsonl sets are never read.
 */
const CORPORA = [
  'corpus-risk',
  'corpus-general',
  'corpus-varied',
  'corpus-varied-2',
  'corpus-warning-signs',
  'corpus-varied-3',
  'corpus-posts',
  'corpus-varied-4',
];

const DEFAULT_SETTINGS = {
  /** Features seen in fewer training messages are dropped (they cannot generalise). */
  minDocumentFrequency: 2,
  minBigramDocumentFrequency: 2,
  /** Bounds the model file (two weights and a string per feature). */
  maxFeatures: 20_000,
  bigrams: true,
  /** Candidates tried by the inner cross-validation. */
  negationScopes: [0, 3],
  normalisations: ['l2', 'none'] as RiskFeatureSettings['normalise'][],
  /**
   * L2 penalty on the mean log-loss, per normalisation (l2-normalised features need larger
   * weights). Weaker penalties than 1e-5 scored a hair better in trials (average precision
   * +0.003) but push probabilities to 0 and 1; 1e-5 is a deliberate floor.
   */
  penalties: { l2: [1e-5, 3e-5, 1e-4], none: [3e-4, 1e-3] } as Record<
    RiskFeatureSettings['normalise'],
    number[]
  >,
  /**
   * Loss weight of hard negatives ("killing me", "suicide prevention course") among the
   * candidates: more than 1 makes the model pay more for flagging them.
   */
  hardNegativeWeights: [1, 2],
  maxIterations: 400,
  /** Recall of the held-out writers (pooled) that the threshold is set to reach. */
  targetRecall: 0.9,
  /** The trade-off reported at these recall targets too. */
  tradeOffRecalls: [0.8, 0.9, 0.95],
};
type Settings = typeof DEFAULT_SETTINGS;

interface Message {
  id: string;
  writer: number;
  text: string;
  tier: Tier;
  risk: boolean;
  crisis: boolean;
  hardNegative: boolean;
  indirect: boolean;
  tokens: Tokens;
  /** The rules' tier, for the comparison (the rules were tuned on these very messages). */
  rulesTier: Tier;
}

interface Config {
  negationScope: number;
  normalise: RiskFeatureSettings['normalise'];
  l2: number;
  hardNegativeWeight: number;
}

type HeadName = 'risk' | 'crisis';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const round = (value: number, decimals = 4) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : round(numerator / denominator);

// ---- Data ------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: { settings: { type: 'string' }, predictions: { type: 'string' }, out: { type: 'string' } },
});
const settings: Settings = {
  ...DEFAULT_SETTINGS,
  ...(JSON.parse(args.settings ?? '{}') as Partial<Settings>),
};
const modelDir = resolve(args.out ?? join(repoRoot, 'shared', 'triage', 'model'));
const started = performance.now();
const expansions = new Map(
  Object.entries(z.record(z.string(), z.array(z.string())).parse(rulesFile.expansions)),
);
const NEGATION_CUES = rulesFile.negation.cues;
const engine = defaultTriageEngine();

const unlisted = developmentCorpora().filter((name) => !CORPORA.includes(name));
if (unlisted.length > 0) throw new Error(`Add ${unlisted.join(', ')} to CORPORA, after the others.`);
const messages: Message[] = CORPORA.flatMap((name, writer) => {
  if (name.startsWith('blind')) throw new Error('Blind sets are held out.');
  return readCorpus(name).map((message) => ({
    id: message.id,
    writer,
    text: message.text,
    tier: message.tier,
    risk: message.tier === 'crisis' || message.tier === 'urgent',
    crisis: message.tier === 'crisis',
    hardNegative: message.hard_negative,
    indirect: message.indirect,
    tokens: tokenise(message.text, expansions),
    rulesTier: engine.triage(message.text).tier,
  }));
});
const writers = CORPORA.map((_name, writer) => writer);
const byWriter = (chosen: readonly number[]) =>
  messages.flatMap((message, index) => (chosen.includes(message.writer) ? [index] : []));
log(
  `read ${messages.length} messages: ${CORPORA.map((name, w) => `${name} ${byWriter([w]).length}`).join(', ')}`,
);

function featureSettings(config: Pick<Config, 'negationScope' | 'normalise'>): RiskFeatureSettings {
  return {
    bigrams: settings.bigrams,
    negation: { cues: NEGATION_CUES, scope: config.negationScope },
    normalise: config.normalise,
  };
}

/** Distinct features of every message, per negation scope (the only setting that changes them). */
const featureCache = new Map<number, string[][]>();
function messageFeatures(negationScope: number): string[][] {
  let cached = featureCache.get(negationScope);
  if (cached === undefined) {
    const featureSettingsForScope = featureSettings({ negationScope, normalise: 'none' });
    cached = messages.map((message) => {
      const seen = new Set<string>();
      forEachFeature(message.tokens, featureSettingsForScope, (feature) => seen.add(feature));
      return [...seen];
    });
    featureCache.set(negationScope, cached);
  }
  return cached;
}

// ---- Fitting ---------------------------------------------------------------------------

/** Sparse rows of binary features; every present feature of a row has the value rowValue. */
interface FeatureMatrix {
  rowStart: Int32Array;
  columns: Int32Array;
  rowValue: Float64Array;
  columnCount: number;
}

/** Vocabulary from the training messages only: a held-out writer's words must not leak in. */
function buildVocabulary(featureSets: readonly string[][]): string[] {
  const frequency = new Map<string, number>();
  for (const features of featureSets)
    for (const feature of features) frequency.set(feature, (frequency.get(feature) ?? 0) + 1);
  return [...frequency]
    .filter(
      ([feature, count]) =>
        count >=
        (feature.includes(' ') ? settings.minBigramDocumentFrequency : settings.minDocumentFrequency),
    )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, settings.maxFeatures)
    .map(([feature]) => feature);
}

function buildMatrix(
  featureSets: readonly string[][],
  vocabulary: readonly string[],
  normalise: Config['normalise'],
): FeatureMatrix {
  const columnOf = new Map(vocabulary.map((feature, column) => [feature, column]));
  const rowStart = new Int32Array(featureSets.length + 1);
  const columns: number[] = [];
  const rowValue = new Float64Array(featureSets.length);
  featureSets.forEach((features, row) => {
    let known = 0;
    for (const feature of features) {
      const column = columnOf.get(feature);
      if (column === undefined) continue;
      columns.push(column);
      known++;
    }
    rowStart[row + 1] = columns.length;
    rowValue[row] = known === 0 ? 0 : normalise === 'l2' ? 1 / Math.sqrt(known) : 1;
  });
  return { rowStart, columns: Int32Array.from(columns), rowValue, columnCount: vocabulary.length };
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Weighted mean log-loss plus (l2 / 2)|w|^2 and its gradient; parameters are the
 * weights, then the (unpenalised) bias.
 */
function lossAndGradient(
  matrix: FeatureMatrix,
  targets: Uint8Array,
  rowWeights: Float64Array,
  l2: number,
  parameters: Float64Array,
  gradient: Float64Array,
): number {
  const { rowStart, columns, rowValue, columnCount } = matrix;
  const rows = targets.length;
  let totalWeight = 0;
  for (let row = 0; row < rows; row++) totalWeight += rowWeights[row] as number;
  const bias = parameters[columnCount] as number;
  gradient.fill(0);
  let loss = 0;
  for (let row = 0; row < rows; row++) {
    const start = rowStart[row] as number;
    const end = rowStart[row + 1] as number;
    const value = rowValue[row] as number;
    let sum = 0;
    for (let k = start; k < end; k++) sum += parameters[columns[k] as number] as number;
    const z = bias + value * sum;
    const target = targets[row] as number;
    const rowWeight = (rowWeights[row] as number) / totalWeight;
    loss += rowWeight * (softplus(z) - target * z);
    const error = rowWeight * (1 / (1 + Math.exp(-z)) - target);
    const step = error * value;
    for (let k = start; k < end; k++) {
      const column = columns[k] as number;
      gradient[column] = (gradient[column] as number) + step;
    }
    gradient[columnCount] = (gradient[columnCount] as number) + error;
  }
  let penalty = 0;
  for (let column = 0; column < columnCount; column++) {
    const weight = parameters[column] as number;
    penalty += weight * weight;
    gradient[column] = (gradient[column] as number) + l2 * weight;
  }
  return loss + (l2 / 2) * penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * L-BFGS (10 corrections) with a backtracking Armijo line search, as the emotion trainer
 * does; the problem is strictly convex, so from zero it always reaches the same optimum.
 */
function fitHead(
  matrix: FeatureMatrix,
  targets: Uint8Array,
  rowWeights: Float64Array,
  l2: number,
): Float64Array {
  const size = matrix.columnCount + 1;
  const objective = (x: Float64Array, g: Float64Array) =>
    lossAndGradient(matrix, targets, rowWeights, l2, x, g);
  const memory = 10;
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  let x = new Float64Array(size);
  let gradient = new Float64Array(size);
  let loss = objective(x, gradient);
  for (let iteration = 0; iteration < settings.maxIterations; iteration++) {
    // Two-loop recursion: direction = -H * gradient.
    const direction = gradient.map((g) => -g);
    const alphas: number[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i] as Float64Array;
      const y = changes[i] as Float64Array;
      const alpha = dot(s, direction) / dot(y, s);
      alphas[i] = alpha;
      for (let j = 0; j < size; j++) direction[j] = (direction[j] as number) - alpha * (y[j] as number);
    }
    const lastS = steps.at(-1);
    const lastY = changes.at(-1);
    const gamma =
      lastS && lastY ? dot(lastS, lastY) / dot(lastY, lastY) : 1 / Math.sqrt(dot(gradient, gradient));
    for (let j = 0; j < size; j++) direction[j] = (direction[j] as number) * gamma;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i] as Float64Array;
      const y = changes[i] as Float64Array;
      const coefficient = (alphas[i] as number) - dot(y, direction) / dot(y, s);
      for (let j = 0; j < size; j++) direction[j] = (direction[j] as number) + coefficient * (s[j] as number);
    }
    const slope = dot(gradient, direction);
    if (!(slope < 0)) break;
    let step = 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < size; j++) next[j] = (x[j] as number) + step * (direction[j] as number);
      nextLoss = objective(next, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break;
    const s = next.map((value, j) => value - (x[j] as number));
    const y = nextGradient.map((value, j) => value - (gradient[j] as number));
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = (loss - nextLoss) / Math.max(1, Math.abs(loss));
    x = next;
    gradient = nextGradient;
    loss = nextLoss;
    if (improvement < 1e-10) break;
  }
  return x;
}

const TARGETS: Record<HeadName, (message: Message) => boolean> = {
  risk: (message) => message.risk,
  crisis: (message) => message.crisis,
};

/** Fits both heads on the given messages; thresholds are filled in by the caller. */
interface HeadThresholds {
  threshold: number;
  operatingPoints: { recall: number; threshold: number }[];
}

const PLACEHOLDER: HeadThresholds = { threshold: 0.5, operatingPoints: [] };

function fit(
  train: readonly number[],
  config: Config,
  thresholds: Record<HeadName, HeadThresholds>,
): RiskModelFile {
  const allFeatures = messageFeatures(config.negationScope);
  const featureSets = train.map((index) => allFeatures[index] as string[]);
  const vocabulary = buildVocabulary(featureSets);
  const matrix = buildMatrix(featureSets, vocabulary, config.normalise);
  const rowWeights = Float64Array.from(train, (index) =>
    (messages[index] as Message).hardNegative ? config.hardNegativeWeight : 1,
  );
  const head = (name: HeadName) => {
    const targets = Uint8Array.from(train, (index) => (TARGETS[name](messages[index] as Message) ? 1 : 0));
    const parameters = fitHead(matrix, targets, rowWeights, config.l2);
    return {
      bias: round(parameters[vocabulary.length] as number, 5),
      // Five decimals: invisible in the probabilities, a third of the file of full doubles.
      weights: Array.from(parameters.subarray(0, vocabulary.length), (weight) => round(weight, 5)),
      ...thresholds[name],
    };
  };
  return {
    formatVersion: RISK_MODEL_FORMAT_VERSION,
    modelVersion: MODEL_NAME,
    features: featureSettings(config),
    expansionsFingerprint: expansionsFingerprint(expansions),
    vocabulary,
    heads: { risk: head('risk'), crisis: head('crisis') },
    training: {},
  };
}

/** Both heads' probabilities for the given messages, through the shipped inference code. */
function predict(file: RiskModelFile, indices: readonly number[]): Record<HeadName, Float64Array> {
  const model = parseRiskModel(JSON.parse(JSON.stringify(file)));
  const risk = new Float64Array(indices.length);
  const crisis = new Float64Array(indices.length);
  indices.forEach((index, i) => {
    const message = messages[index] as Message;
    const score = scoreRisk(model, message.tokens, message.text);
    risk[i] = score.probability;
    crisis[i] = score.crisisProbability ?? 0;
  });
  return { risk, crisis };
}

// ---- Choosing by cross-validation across writers -----------------------------------------

function candidateConfigs(): Config[] {
  return settings.negationScopes.flatMap((negationScope) =>
    settings.normalisations.flatMap((normalise) =>
      settings.penalties[normalise].flatMap((l2) =>
        settings.hardNegativeWeights.map((hardNegativeWeight) => ({
          negationScope,
          normalise,
          l2,
          hardNegativeWeight,
        })),
      ),
    ),
  );
}

/** Average precision: the mean, over positives, of the precision at each one's rank. */
function averagePrecision(probabilities: Float64Array, gold: readonly boolean[]): number {
  const order = Array.from(probabilities.keys()).sort(
    (a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b,
  );
  let found = 0;
  let sum = 0;
  order.forEach((index, rank) => {
    if (!gold[index]) return;
    found++;
    sum += found / (rank + 1);
  });
  return found === 0 ? 0 : sum / found;
}

/** Highest threshold at which at least `recall` of the positives reach it (floored, so rounding never loses one). */
function thresholdForRecall(probabilities: Float64Array, gold: readonly boolean[], recall: number): number {
  const positives = Array.from(probabilities)
    .filter((_p, i) => gold[i])
    .sort((a, b) => b - a);
  if (positives.length === 0) return 0.5;
  const needed = Math.min(positives.length, Math.max(1, Math.ceil(recall * positives.length - 1e-9)));
  return Math.floor((positives[needed - 1] as number) * 1e6) / 1e6;
}

interface Selection {
  config: Config;
  /** Pooled out-of-writer average precision of each candidate (risk head). */
  candidates: { config: Config; averagePrecision: number }[];
  /** Per recall target: the thresholds that reach it on the pooled held-out writers. */
  thresholds: { recall: number; risk: number; crisis: number }[];
}

/**
 * Leave-one-writer-out over `available`: each candidate is fitted on all but one writer
 * and scored on that one; the candidate with the best pooled average precision wins, and
 * its pooled held-out probabilities set the thresholds. Pooling across writers is the
 * point: one threshold has to serve writers whose scores run high or low.
 */
function select(available: readonly number[]): Selection {
  const held = available.flatMap((writer) => byWriter([writer]));
  const goldRisk = goldOf(held, 'risk');
  const goldCrisis = goldOf(held, 'crisis');
  const outOfWriter = (config: Config) => {
    const risk = new Float64Array(held.length);
    const crisis = new Float64Array(held.length);
    let at = 0;
    for (const writer of available) {
      const file = fit(byWriter(available.filter((other) => other !== writer)), config, {
        risk: PLACEHOLDER,
        crisis: PLACEHOLDER,
      });
      const scored = predict(file, byWriter([writer]));
      risk.set(scored.risk, at);
      crisis.set(scored.crisis, at);
      at += scored.risk.length;
    }
    return { risk, crisis };
  };
  let best: { config: Config; averagePrecision: number; scores: Record<HeadName, Float64Array> } | null =
    null;
  const candidates: Selection['candidates'] = [];
  for (const config of candidateConfigs()) {
    const scores = outOfWriter(config);
    const averagePrecisionOf = averagePrecision(scores.risk, goldRisk);
    candidates.push({ config, averagePrecision: round(averagePrecisionOf) });
    if (best === null || averagePrecisionOf > best.averagePrecision)
      best = { config, averagePrecision: averagePrecisionOf, scores };
  }
  if (best === null) throw new Error('No candidate configurations.');
  const { scores } = best;
  return {
    config: best.config,
    candidates,
    thresholds: settings.tradeOffRecalls.map((recall) => ({
      recall,
      risk: thresholdForRecall(scores.risk, goldRisk, recall),
      crisis: thresholdForRecall(scores.crisis, goldCrisis, recall),
    })),
  };
}

/** The chosen target's thresholds for each head, with the other targets as operating points. */
function headThresholds(selection: Selection, target: number): Record<HeadName, HeadThresholds> {
  const of = (name: HeadName): HeadThresholds => ({
    threshold: selection.thresholds[target]?.[name] ?? 0.5,
    operatingPoints: selection.thresholds.map((point) => ({ recall: point.recall, threshold: point[name] })),
  });
  return { risk: of('risk'), crisis: of('crisis') };
}

// ---- Reporting -------------------------------------------------------------------------

const atLeast = (probabilities: Float64Array, threshold: number) =>
  Array.from(probabilities, (probability) => probability >= threshold);
const goldOf = (indices: readonly number[], head: HeadName) =>
  indices.map((index) => TARGETS[head](messages[index] as Message));

function riskFigures(indices: readonly number[], flagged: readonly boolean[]) {
  let tp = 0;
  let flags = 0;
  let risk = 0;
  let crisis = 0;
  let crisisCaught = 0;
  let indirect = 0;
  let indirectCaught = 0;
  let hard = 0;
  let hardFlagged = 0;
  let other = 0;
  let otherFlagged = 0;
  indices.forEach((index, i) => {
    const message = messages[index] as Message;
    const flag = flagged[i] === true;
    if (flag) flags++;
    if (message.risk) {
      risk++;
      if (flag) tp++;
      if (message.indirect) {
        indirect++;
        if (flag) indirectCaught++;
      }
    } else {
      other++;
      if (flag) otherFlagged++;
    }
    if (message.crisis) {
      crisis++;
      if (flag) crisisCaught++;
    }
    if (message.hardNegative) {
      hard++;
      if (flag) hardFlagged++;
    }
  });
  return {
    recall: ratio(tp, risk),
    precision: ratio(tp, flags),
    hardNegativeFlagRate: ratio(hardFlagged, hard),
    otherFlagRate: ratio(otherFlagged, other),
    crisisRecall: ratio(crisisCaught, crisis),
    indirectRecall: ratio(indirectCaught, indirect),
    counts: { crisisOrUrgent: risk, caught: tp, flagged: flags, hardNegatives: hard, hardFlagged },
  };
}

function crisisFigures(indices: readonly number[], flagged: readonly boolean[]) {
  let tp = 0;
  let flags = 0;
  let crisis = 0;
  let hard = 0;
  let hardFlagged = 0;
  let belowUrgentFlagged = 0;
  indices.forEach((index, i) => {
    const message = messages[index] as Message;
    const flag = flagged[i] === true;
    if (flag) flags++;
    if (message.crisis) {
      crisis++;
      if (flag) tp++;
    }
    if (flag && !message.risk) belowUrgentFlagged++;
    if (message.hardNegative) {
      hard++;
      if (flag) hardFlagged++;
    }
  });
  return {
    recall: ratio(tp, crisis),
    precision: ratio(tp, flags),
    hardNegativeFlagRate: ratio(hardFlagged, hard),
    counts: { crisis, caught: tp, flagged: flags, belowUrgentFlagged, hardFlagged },
  };
}

const RANK: Record<Tier, number> = { crisis: 4, urgent: 3, priority: 2, routine: 1, none: 0 };

/**
 * What the model adds to the rules on a held-out writer. The rules were tuned on every
 * development corpus, so their own figures here are in-sample (optimistic); the model's
 * additions and new false alarms are not.
 */
function besideRules(indices: readonly number[], flagged: readonly boolean[]) {
  const rulesRisk = indices.map((index) => RANK[(messages[index] as Message).rulesTier] >= RANK.urgent);
  const either = indices.map((_index, i) => rulesRisk[i] === true || flagged[i] === true);
  let missedByRules = 0;
  let addedByModel = 0;
  let newAlarms = 0;
  let newHardAlarms = 0;
  indices.forEach((index, i) => {
    const message = messages[index] as Message;
    if (message.risk && rulesRisk[i] !== true) missedByRules++;
    const raised = flagged[i] === true && rulesRisk[i] !== true;
    if (!raised) return;
    if (message.risk) addedByModel++;
    else {
      newAlarms++;
      if (message.hardNegative) newHardAlarms++;
    }
  });
  return {
    note: 'Rules in-sample (tuned on this corpus). added/newAlarms: raising rule tiers below urgent when the model flags.',
    rules: riskFigures(indices, rulesRisk),
    rulesOrModel: riskFigures(indices, either),
    missedByRules,
    addedByModel,
    newAlarms,
    newHardNegativeAlarms: newHardAlarms,
  };
}

/**
 * Hand-written messages, mostly from the engine tests (a fifth voice, never trained on):
 * too few to measure anything, but a look at what the model does with plain cases. The
 * last is adversarial: "he", "she" and "tonight" carry heavy weight in the corpora.
 * true = crisis or urgent.
 */
const PROBES: [string, boolean][] = [
  ["I've taken 30 sertraline and I feel dizzy", true],
  ['I have a plan and I am going to end my life tonight', true],
  ['my flatmate said she is taking all her pills tonight', true],
  ["Gave my guitar and games to my brother, won't be needing them. Thanks for everything x", true],
  ['kms tonight fr 😭', true],
  ['Some days I wish I just would not wake up', true],
  ['cut myself again last night', true],
  ["I'm not going to do anything tonight but I have the pills ready for when mum leaves on Sunday", true],
  ['my friend says she wants to disappear forever', true],
  ['He has a knife and is screaming at mum, we are hiding upstairs', true],
  ["I'm bringing my dad's knife to work tomorrow for my manager", true],
  ['I think about killing myself a lot but my kids keep me going', true],
  ['idk anymore i wanna kms', true],
  ['is 30 paracetamol enough to not wake up?', true],
  ["I'm not suicidal, just tired of rejections", false],
  ['this job search is killing me', false],
  ["I'd kill for an internship at the BBC", false],
  ['I used to self-harm years ago, now I want to train as a nurse', false],
  ['I want to work in suicide prevention, what do I need?', false],
  ['got killed 20 times in my game lol', false],
  ['My dissertation is on domestic abuse policy, which jobs use that?', false],
  ['mum is gonna kill me when she finds out I failed maths lol', false],
  ['Could I book an appointment to go over my CV?', false],
  ['ok thanks 👍', false],
  ['I have no idea what to do with my life and my parents want me to do law', false],
  ['He said the interview went well and she will ring me tonight with the offer', false],
];

function probe(file: RiskModelFile) {
  const model = parseRiskModel(JSON.parse(JSON.stringify(file)));
  const results = PROBES.map(([text, risk]) => {
    const score = scoreRisk(model, tokenise(text, expansions), text);
    return { text, risk, probability: round(score.probability, 3), flagged: score.flagged };
  });
  return {
    note: 'Hand-written sanity probes (engine-test voice); not used for any choice.',
    riskFlagged: results.filter((r) => r.risk && r.flagged).length,
    risk: results.filter((r) => r.risk).length,
    otherFlagged: results.filter((r) => !r.risk && r.flagged).length,
    other: results.filter((r) => !r.risk).length,
    results,
  };
}

// ---- Main ------------------------------------------------------------------------------

const configs = candidateConfigs();
log(`${configs.length} candidate configurations; nested leave-one-writer-out`);
const chosenTarget = settings.tradeOffRecalls.indexOf(settings.targetRecall);
if (chosenTarget < 0) throw new Error('targetRecall must be one of tradeOffRecalls.');

const leaveOneWriterOut = writers.map((heldOut) => {
  const foldStarted = performance.now();
  const trainWriters = writers.filter((writer) => writer !== heldOut);
  const selection = select(trainWriters);
  const file = fit(byWriter(trainWriters), selection.config, headThresholds(selection, chosenTarget));
  const test = byWriter([heldOut]);
  const scores = predict(file, test);
  const tradeOff = selection.thresholds.map(({ recall, risk, crisis }) => ({
    foldRecallTarget: recall,
    riskThreshold: risk,
    risk: riskFigures(test, atLeast(scores.risk, risk)),
    crisisThreshold: crisis,
    crisis: crisisFigures(test, atLeast(scores.crisis, crisis)),
  }));
  const atChosen = tradeOff[chosenTarget] as (typeof tradeOff)[number];
  const result = {
    heldOut: CORPORA[heldOut] as string,
    trainedOn: trainWriters.map((writer) => CORPORA[writer] as string),
    messages: test.length,
    chosenConfig: selection.config,
    averagePrecision: {
      risk: round(averagePrecision(scores.risk, goldOf(test, 'risk'))),
      crisis: round(averagePrecision(scores.crisis, goldOf(test, 'crisis'))),
    },
    atChosenThreshold: atChosen,
    tradeOff,
    besideRules: besideRules(test, atLeast(scores.risk, atChosen.riskThreshold)),
    innerCandidates: selection.candidates,
    seconds: round((performance.now() - foldStarted) / 1000, 1),
  };
  const r = atChosen.risk;
  const c = atChosen.crisis;
  log(
    `held out ${result.heldOut}: crisis+urgent recall ${r.recall} precision ${r.precision} hard-neg flagged ${r.hardNegativeFlagRate}` +
      ` | crisis head recall ${c.recall} precision ${c.precision} hard-neg ${c.hardNegativeFlagRate} (${result.seconds} s)`,
  );
  return { result, scores, test };
});

/** Every held-out message once, each scored by the model that never saw its writer. */
function pooled(target: number) {
  const indices = leaveOneWriterOut.flatMap(({ test }) => test);
  const riskFlags = leaveOneWriterOut.flatMap(({ scores, result }) =>
    atLeast(scores.risk, result.tradeOff[target]?.riskThreshold ?? 1),
  );
  const crisisFlags = leaveOneWriterOut.flatMap(({ scores, result }) =>
    atLeast(scores.crisis, result.tradeOff[target]?.crisisThreshold ?? 1),
  );
  return {
    foldRecallTarget: settings.tradeOffRecalls[target] as number,
    risk: riskFigures(indices, riskFlags),
    crisis: crisisFigures(indices, crisisFlags),
  };
}

log(`final model: choosing on all ${CORPORA.length} writers`);
const finalStarted = performance.now();
const finalSelection = select(writers);
const fitStarted = performance.now();
const finalFile = fit(byWriter(writers), finalSelection.config, headThresholds(finalSelection, chosenTarget));
const finalFitSeconds = round((performance.now() - fitStarted) / 1000, 2);
const finalSeconds = round((performance.now() - finalStarted) / 1000, 1);
const digest = createHash('sha256')
  .update(JSON.stringify([finalFile.features, finalFile.vocabulary, finalFile.heads]))
  .digest('hex');
const modelVersion = `${MODEL_NAME}.${digest.slice(0, 10)}`;

const corpora = CORPORA.map((name, writer) => {
  const indices = byWriter([writer]);
  const count = (test: (message: Message) => boolean) =>
    indices.filter((index) => test(messages[index] as Message)).length;
  return {
    name,
    messages: indices.length,
    crisis: count((m) => m.crisis),
    urgent: count((m) => m.tier === 'urgent'),
    hardNegatives: count((m) => m.hardNegative),
  };
});
const pooledTradeOff = settings.tradeOffRecalls.map((_recall, target) => pooled(target));
const headline = leaveOneWriterOut.map(({ result }) => ({
  heldOut: result.heldOut,
  recall: result.atChosenThreshold.risk.recall,
  precision: result.atChosenThreshold.risk.precision,
  hardNegativeFlagRate: result.atChosenThreshold.risk.hardNegativeFlagRate,
  crisisHead: {
    recall: result.atChosenThreshold.crisis.recall,
    precision: result.atChosenThreshold.crisis.precision,
    hardNegativeFlagRate: result.atChosenThreshold.crisis.hardNegativeFlagRate,
  },
}));
const trainingSeconds = round((performance.now() - started) / 1000, 1);

finalFile.modelVersion = modelVersion;
finalFile.training = {
  target: 'risk: P(tier is crisis or urgent); crisis: P(tier is crisis)',
  corpora,
  rulesVersion: rulesFile.version,
  chosenConfig: finalSelection.config,
  thresholdRule: `the highest threshold reaching recall ${settings.targetRecall} on writers held out in turn (pooled)`,
  thresholds: finalSelection.thresholds,
  vocabularySize: finalFile.vocabulary.length,
  settings,
  leaveOneWriterOut: headline,
  metrics: 'risk-model-metrics.json',
};

mkdirSync(modelDir, { recursive: true });
// Formatted as the repo's `prettier --check .` expects, so committing them keeps lint green.
const writeJson = async (name: string, value: unknown) => {
  const file = join(modelDir, name);
  const options = await resolveConfig(file);
  writeFileSync(file, await format(JSON.stringify(value), { ...options, filepath: file }));
  return statSync(file).size;
};
const modelBytes = await writeJson('risk-model.json', finalFile);
const metrics = {
  modelVersion,
  note:
    'Leave-one-writer-out: each corpus is scored by a model whose features, penalty and thresholds were chosen ' +
    'by leave-one-writer-out inside the other three and which was fitted on them. Figures are at the threshold ' +
    'reaching the target recall on the training writers. Inner models are fitted on one writer fewer and are ' +
    'less sure of a new writer, so these thresholds have run low: held-out recall above the target, with more flags.',
  corpora,
  settings,
  chosenTargetRecall: settings.targetRecall,
  leaveOneWriterOut: headline,
  pooledAcrossHeldOutWriters: pooledTradeOff,
  folds: leaveOneWriterOut.map(({ result }) => result),
  probes: probe(finalFile),
  finalModel: {
    chosenConfig: finalSelection.config,
    thresholds: finalSelection.thresholds,
    candidates: finalSelection.candidates,
    vocabularySize: finalFile.vocabulary.length,
    modelBytes,
    fitSeconds: finalFitSeconds,
    selectionAndFitSeconds: finalSeconds,
  },
  trainingSeconds,
};
await writeJson('risk-model-metrics.json', metrics);
if (args.predictions !== undefined) {
  const lines = leaveOneWriterOut.flatMap(({ test, scores }) =>
    test.map((index, i) => {
      const message = messages[index] as Message;
      return JSON.stringify({
        id: message.id,
        corpus: CORPORA[message.writer],
        tier: message.tier,
        hard_negative: message.hardNegative,
        rules_tier: message.rulesTier,
        probability: round(scores.risk[i] as number, 6),
        crisis_probability: round(scores.crisis[i] as number, 6),
      });
    }),
  );
  writeFileSync(resolve(args.predictions), `${lines.join('\n')}\n`);
}
log(`wrote risk-model.json (${Math.round(modelBytes / 1024)} KiB, ${modelVersion}) in ${trainingSeconds} s`);
console.log(
  JSON.stringify(
    {
      leaveOneWriterOut: headline,
      pooledTradeOff: pooledTradeOff.map(({ foldRecallTarget, risk, crisis }) => ({
        foldRecallTarget,
        risk: {
          recall: risk.recall,
          precision: risk.precision,
          hardNegativeFlagRate: risk.hardNegativeFlagRate,
        },
        crisis: {
          recall: crisis.recall,
          precision: crisis.precision,
          hardNegativeFlagRate: crisis.hardNegativeFlagRate,
        },
      })),
      finalModel: metrics.finalModel.chosenConfig,
      modelBytes,
      trainingSeconds,
    },
    null,
    2,
  ),
);
